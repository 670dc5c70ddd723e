#!/usr/bin/env node
// The bundle that bin/meshscope.js runs (`npm run build`, and `prepare` on `npm ci`): the CLI and
// its libraries as CommonJS files in dist/cli/, so that a command reads a handful of files instead
// of a hundred modules (each a resolution, a read and a compile of its own). What a command needs
// when it starts is in two files: `main` (the command table and commander: all that --help needs)
// and `net` (the HTTP client with undici's pool, the session, the output layer). Each noun, each
// backend and each heavy part (zod models, the mock, the TUI, the report) is a file loaded when a
// command imports it, and the libraries that src/ requires when it needs them (the YAML parser, the
// table writer) are files of their own (vendor-*.cjs), loaded by that require. Source maps beside
// each file map stack traces back to src/ (bin/meshscope.js turns them on under --verbose). tsc
// still compiles dist/src and dist/commands: vitest, the benchmarks and the bin's fallback use those.
//
// Rewrites, each in how src/ and the bundle use a library, none in the library's files:
// - A `requireCjs('...')` (or `createRequire(import.meta.url)('...')`) of undici's pool, the table
//   writer or the YAML parser in src/ is a plain `require` here, which the bundler sees (it cannot
//   see through createRequire): undici's files are inlined; `cli-table3` and `yaml` become
//   `require('./vendor-*.cjs')`, still where src/ calls it.
// - Ink is ESM with top-level await, which CommonJS cannot require: the TUI's static imports of
//   `ink` (and of `chalk`, whose default instance Ink colours with) read the modules that
//   src/tui/ink.ts imported before loading them, and a dynamic import() of either goes through
//   the launcher (see IMPORT_ESM). The output layer's own `Chalk` instances are bundled.
import { rmSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const OUT = join(ROOT, 'dist', 'cli');

/** The two start-up files: the modules statically reachable from these. */
const START = {
  main: ['src/cli/main.ts', 'commands/index.ts'],
  net: ['src/app/session.ts', 'src/http/client.ts', 'src/config/endpoints.ts', 'src/config/paths.ts', 'src/output/index.ts'],
};
/** Libraries src/ requires when it needs them, each bundled into a file of its own. */
const VENDOR = { yaml: 'vendor-yaml', 'cli-table3': 'vendor-cli-table3' };
const REQUIRES = /\b(?:requireCjs|createRequire\(import\.meta\.url\))(?=\('(?:undici\/lib\/[\w/.-]+|cli-table3|yaml)'\))/g;
/** ES modules that the TUI imports statically, read from what src/tui/ink.ts imported. */
const IMPORTED_BY_INK_TS = { ink: () => true, chalk: (from) => from.includes('/src/tui/') };
const HOLDER = '\0meshscope-esm:';
/** A dynamic import of an ES-only package in src/ (a value, not `typeof import(...)` or `import(...).Type`). */
const ESM_IMPORTS = /(?<!typeof )\bimport(?=\('(?:ink|chalk)'\)(?!\.))/g;
/**
 * import() of an ES module from the bundle: a file that V8 compiled with a code cache has lost its
 * way back to Node's module loader, so bin/meshscope.js lends its own import().
 */
const IMPORT_ESM = '\0meshscope-import-esm';

const OUTPUT = {
  dir: OUT,
  format: 'cjs',
  // import() of a Node module or a CommonJS package is a require(); of an ES module, see IMPORT_ESM
  dynamicImportInCjs: false,
  // an ASCII file is a one-byte string in V8: half the memory, and faster to read and scan
  charset: 'ascii',
  // comments stay in the sources (the maps hold them); licences stay here too
  comments: { legal: true, annotation: false, jsdoc: false },
  sourcemap: true,
  entryFileNames: '[name].cjs',
  chunkFileNames: '[name]-[hash].cjs',
};

const quiet = {
  logLevel: 'warn',
  onLog(level, log, handler) {
    // a dynamic import of a module that a start-up file holds anyway is fine
    if (log.code === 'INEFFECTIVE_DYNAMIC_IMPORT') return;
    handler(level, log);
  },
};

function meshscopeBundle() {
  const closure = { main: new Set(), net: new Set() };
  return {
    name: 'meshscope-bundle',
    resolveId(source, importer, extra) {
      if (!importer) return null;
      const from = importer.replaceAll('\\', '/');
      if (Object.hasOwn(VENDOR, source)) return { id: `./${VENDOR[source]}.cjs`, external: true };
      if (source === IMPORT_ESM) return IMPORT_ESM;
      if (Object.hasOwn(IMPORTED_BY_INK_TS, source) && extra.kind !== 'dynamic-import' && IMPORTED_BY_INK_TS[source](from)) return HOLDER + source;
      return null;
    },
    async load(id) {
      if (id === IMPORT_ESM) {
        return `export function importEsm(id) {
  const launcher = globalThis[Symbol.for('meshscope.import')];
  if (launcher === undefined) throw new Error('the bundle imports ES modules through bin/meshscope.js');
  return launcher(id);
}
`;
      }
      if (!id.startsWith(HOLDER)) return null;
      const name = id.slice(HOLDER.length);
      const exported = Object.keys(await import(name)).filter((k) => k !== 'default');
      return `const loaded = globalThis[Symbol.for('meshscope.esm')]?.[${JSON.stringify(name)}];
if (loaded === undefined) throw new Error(${JSON.stringify(`${name} is imported by src/tui/ink.ts before the modules that use it`)});
export const { ${exported.join(', ')} } = loaded;
export default loaded.default;
`;
    },
    transform(code, id, meta) {
      if (!id.includes('/src/')) return null;
      const ms = meta.magicString;
      for (const m of code.matchAll(REQUIRES)) ms.overwrite(m.index, m.index + m[0].length, 'require');
      let esm = false;
      for (const m of code.matchAll(ESM_IMPORTS)) {
        ms.overwrite(m.index, m.index + m[0].length, '__importEsm');
        esm = true;
      }
      if (esm) ms.prepend(`import { importEsm as __importEsm } from '${IMPORT_ESM}';\n`);
      return ms.hasChanged() ? { code: ms } : null;
    },
    buildEnd() {
      // the static closure of each start-up file's seeds (type-only imports are gone by now)
      const walk = (set, id) => {
        if (set.has(id)) return;
        set.add(id);
        for (const dep of this.getModuleInfo(id)?.importedIds ?? []) walk(set, dep);
      };
      for (const [name, seeds] of Object.entries(START)) for (const s of seeds) walk(closure[name], join(ROOT, s));
      for (const id of closure.main) closure.net.delete(id);
    },
    codeSplittingGroups: [
      { name: 'main', test: (id) => closure.main.has(id), priority: 20 },
      { name: 'net', test: (id) => closure.net.has(id), priority: 10 },
    ],
  };
}

/** rolldown's engines: ^20.19.0 || >=22.12.0. */
export function canBundle(version = process.versions.node) {
  const [major, minor] = version.split('.').map(Number);
  return (major === 20 && minor >= 19) || (major === 22 && minor >= 12) || major >= 23;
}

export async function bundle() {
  const { build } = await import('rolldown');
  rmSync(OUT, { recursive: true, force: true });
  await build({
    cwd: ROOT,
    input: Object.fromEntries(Object.entries(VENDOR).map(([pkg, name]) => [name, pkg])),
    platform: 'node',
    ...quiet,
    output: { ...OUTPUT, chunkFileNames: 'vendor-[name]-[hash].cjs' },
  });
  const plugin = meshscopeBundle();
  await build({
    cwd: ROOT,
    input: { meshscope: 'src/cli/main.ts' },
    platform: 'node',
    tsconfig: 'tsconfig.json',
    // shared with Ink (react), or beside a WebAssembly file (sql.js): from node_modules
    external: ['react', /^react\//, 'sql.js'],
    plugins: [plugin],
    experimental: { nativeMagicString: true },
    ...quiet,
    output: { ...OUTPUT, codeSplitting: { groups: plugin.codeSplittingGroups } },
  });
  const files = readdirSync(OUT).filter((f) => f.endsWith('.cjs'));
  // a library the bundle holds, required from node_modules at run time as well, would be a second
  // copy of it (two YAML parsers do not know each other's documents): a require in src/ that the
  // rewrites above did not see
  for (const f of files) {
    const stray = /(?:\brequire|\))\("((?:yaml|cli-table3|undici|chalk|ink|commander|zod)(?:\/[^"]*)?)"\)/.exec(readFileSync(join(OUT, f), 'utf8'));
    if (stray) throw new Error(`${f} requires ${stray[1]} from node_modules, beside the bundle's own copy: see REQUIRES in scripts/bundle.mjs`);
  }
  return files;
}

if (process.argv[1] === fileURLToPath(import.meta.url) && !canBundle()) {
  // the CLI still runs, from the modules tsc compiled (dist/src), about 50 ms slower to start
  rmSync(OUT, { recursive: true, force: true });
  process.stderr.write(`bundle: skipped, Node ${process.versions.node} is older than the bundler needs (20.19, or 22.12 on 22); meshscope runs from dist/src\n`);
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const t0 = performance.now();
  const files = await bundle();
  const size = files.reduce((n, f) => n + readFileSync(join(OUT, f)).length, 0);
  process.stderr.write(`bundle: ${files.length} files, ${(size / 1024).toFixed(0)} KiB in ${relative(process.cwd(), OUT) || '.'} (${(performance.now() - t0).toFixed(0)} ms)\n`);
}
