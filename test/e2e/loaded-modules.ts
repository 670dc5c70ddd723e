/**
 * What a run of the built bin loads, seen from inside the process, for the start-up tests: a
 * preload opens an inspector session and lists every script V8 compiles (CommonJS and ES modules,
 * and the bundle's files, which bin/meshscope.js compiles itself with the code cache), and which
 * of Node's own modules loaded. A file of the bundle (dist/cli) stands for the modules its source
 * map names. Counts and names, never times.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { cleanEnv, ROOT, spawnCli, tmp } from '../helpers.js';

export interface Loaded {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The package's files the run compiled, package-relative (`bin/meshscope.js`, `dist/cli/net-XXXX.cjs`). */
  files: string[];
  /** The modules in them, package-relative: a bundle file's sources (`src/http/client.ts`, `node_modules/undici/lib/...`), any other file itself. */
  modules: string[];
  /** Node's own modules that loaded (`http`, `tls`, `internal/deps/undici/undici` ...). */
  builtins: string[];
}

/** Package-relative; node_modules may be a link to elsewhere (its files load by their real path). */
function packageRelative(path: string): string {
  const i = path.lastIndexOf('/node_modules/');
  if (i >= 0) return path.slice(i + 1);
  return path.startsWith(ROOT + '/') ? path.slice(ROOT.length + 1) : path;
}

const sourcesOf = new Map<string, string[]>();

function bundleSources(file: string): string[] {
  let sources = sourcesOf.get(file);
  if (!sources) {
    // a file that only re-exports another has no map; virtual modules of the bundle have no file
    const map = existsSync(`${file}.map`) ? (JSON.parse(readFileSync(`${file}.map`, 'utf8')) as { sources: string[] }) : { sources: [] };
    sources = map.sources.filter((s) => !s.includes('\0')).map((s) => packageRelative(resolve(dirname(file), s)));
    sourcesOf.set(file, sources);
  }
  return sources;
}

/**
 * Why the bin would not run the bundle, if it would not: it runs dist/src when there is no bundle
 * or `tsc` compiled after it was made (`npm run build` does both).
 */
export function bundleMissing(): string | undefined {
  const bundled = statSync(join(ROOT, 'dist', 'cli', 'meshscope.cjs'), { throwIfNoEntry: false })?.mtimeMs;
  const compiled = statSync(join(ROOT, 'dist', 'src', 'cli', 'main.js'), { throwIfNoEntry: false })?.mtimeMs ?? 0;
  if (bundled === undefined) return 'no bundle in dist/cli: run `npm run build`';
  if (compiled > bundled) return 'dist/cli is older than dist/src (tsc ran after the bundle was made): run `npm run build`';
  return undefined;
}

export async function loadedBy(args: string[], env: Record<string, string> = {}): Promise<Loaded> {
  const dir = tmp('loaded-modules');
  const hook = join(dir, 'list-scripts.cjs');
  const list = join(dir, 'loaded.json');
  writeFileSync(
    hook,
    `const inspector = require('node:inspector');
const { writeFileSync } = require('node:fs');
const session = new inspector.Session();
session.connect();
const urls = [];
session.on('Debugger.scriptParsed', (m) => urls.push(m.params.url));
session.post('Debugger.enable');
process.on('exit', () => writeFileSync(${JSON.stringify(list)}, JSON.stringify({ urls, builtins: process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice('NativeModule '.length)) })));
`,
  );
  const r = await spawnCli(args, { env: cleanEnv({ NODE_OPTIONS: `--require=${hook}`, NO_COLOR: '1', ...env }) });
  const seen = JSON.parse(readFileSync(list, 'utf8')) as { urls: string[]; builtins: string[] };
  const paths = seen.urls
    .map((u) => (u.startsWith('file://') ? decodeURIComponent(new URL(u).pathname) : u))
    .filter((p) => p.startsWith('/') && !p.startsWith(dir) && (p.includes('/node_modules/') || !relative(ROOT, p).startsWith('..')));
  const files = [...new Set(paths.map(packageRelative))];
  const modules = [...new Set(paths.flatMap((p) => (packageRelative(p).startsWith('dist/cli/') ? bundleSources(p) : [packageRelative(p)])))];
  return { code: r.code, stdout: r.stdout, stderr: r.stderr, files, modules, builtins: seen.builtins };
}
