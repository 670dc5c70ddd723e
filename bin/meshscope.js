#!/usr/bin/env node
'use strict';
// Launcher: runs the CLI (built by `npm ci` through the prepare script) and sets the exit code.
// `--version` is answered here, before any module of the CLI is loaded. CommonJS (bin/package.json),
// which Node starts a few milliseconds sooner than an ES module.
//
// The CLI is the bundle in dist/cli (scripts/bundle.mjs): CommonJS files that this launcher compiles
// with V8's code cache, kept in dist/cli/.code-cache (or MESHSCOPE_CODE_CACHE=DIR; `off` for none).
// A file without a cache compiles from its source, and once the command is done the caches of
// every file the run loaded are written (holding all that the run compiled). A cache that V8
// refuses (made under other V8 flags, or damaged) is compiled past the same way and removed, so
// that the next run writes a new one; a cache that cannot be read or written only makes the next
// run as slow as this one. Under --verbose (or with Node's source maps on), the bundle loads
// through require() with source maps instead, so that stack traces name the files in src/.
// Without dist/cli, or when `tsc` compiled dist/src after it was bundled (a bundle older than the
// source), the compiled modules in dist/src run instead.
const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  const { readFileSync } = require('node:fs');
  process.stdout.write(`${JSON.parse(readFileSync(require.resolve('../package.json'), 'utf8')).version}\n`);
} else {
  let cli;
  loadCli()
    .then((loaded) => (cli = loaded).main(argv))
    .then(
      (code) => {
        process.exitCode = code;
        cli.saveCodeCache?.();
      },
      (err) => {
        process.stderr.write(`error: ${err && err.message ? err.message : String(err)} (internal_error)\n`);
        process.exitCode = 1;
      },
    );
}

async function loadCli() {
  const fs = require('node:fs');
  const { join } = require('node:path');
  const dist = join(__dirname, '..', 'dist');
  const dir = join(dist, 'cli');
  const entry = join(dir, 'meshscope.cjs');
  const bundled = fs.statSync(entry, { throwIfNoEntry: false })?.mtimeMs;
  const compiled = fs.statSync(join(dist, 'src', 'cli', 'main.js'), { throwIfNoEntry: false })?.mtimeMs;
  if (bundled === undefined || (compiled !== undefined && compiled > bundled)) return import('../dist/src/cli/main.js');
  // the bundle's import() of an ES module (Ink, chalk): from a file compiled with a code cache, V8
  // loses its way back to Node's module loader, so the bundle imports them through this file
  globalThis[Symbol.for('meshscope.import')] = (id) => import(id);
  if (argv.some((a) => a === '-v' || a === '--verbose') || process.sourceMapsEnabled) {
    process.setSourceMapsEnabled(true);
    return require(entry);
  }
  const vm = require('node:vm');
  const setting = process.env.MESHSCOPE_CODE_CACHE;
  const off = setting === 'off' || setting === '0';
  const cacheDir = join(setting && !off ? setting : join(dir, '.code-cache'), `${process.version}-${process.arch}`);
  const loaded = new Map();
  const scripts = [];
  let missing = false;
  // V8 flags changed for the rest of the run (src/v8-flags.ts): the caches are written now, under
  // the default flags, and not at exit (V8 would refuse them in a run under the defaults)
  let frozen = false;
  globalThis[Symbol.for('meshscope.codeCache')] = {
    freeze() {
      if (frozen) return;
      saveCodeCache();
      frozen = true;
    },
  };

  // a file of the bundle: `require('./name.cjs')` from another one
  const load = (file) => {
    let mod = loaded.get(file);
    if (mod) return mod.exports;
    const path = join(dir, file);
    const source = fs.readFileSync(path, 'utf8');
    let cacheFile;
    let cachedData;
    if (!off) {
      const { size, mtimeMs } = fs.statSync(path);
      cacheFile = join(cacheDir, `${file}.${size}.${Math.trunc(mtimeMs)}`);
      try {
        cachedData = fs.readFileSync(cacheFile);
      } catch {
        // none yet (or unreadable): compiled from the source
      }
    }
    const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: path, cachedData });
    if (cacheFile) {
      scripts.push({ script, cacheFile });
      if (cachedData === undefined) missing = true;
      else if (script.cachedDataRejected) removeQuietly(cacheFile);
    }
    mod = { exports: {}, filename: path, loaded: false };
    loaded.set(file, mod);
    script.runInThisContext()(mod.exports, requireChunk, mod, path, dir);
    mod.loaded = true;
    return mod.exports;
  };
  const removeQuietly = (file) => {
    try {
      fs.unlinkSync(file);
    } catch {
      // gone already, or a folder that cannot be written
    }
  };
  // anything else (yaml, react, a Node module) resolves from here as from dist/cli: both find the
  // package's node_modules
  const requireChunk = (id) => (id.startsWith('./') && id.endsWith('.cjs') && !id.includes('/', 2) ? load(id.slice(2)) : require(id));
  Object.assign(requireChunk, { resolve: require.resolve, cache: require.cache });

  // A run that loaded a file without a cache took a path no cache holds yet: the caches of every
  // file it loaded are written again (at exit, or before V8's flags change), now holding what this
  // run compiled as well. Caches of other builds not written for a week go (a folder given by
  // MESHSCOPE_CODE_CACHE outlives the bundle).
  const saveCodeCache = () => {
    if (!missing || frozen) return;
    try {
      fs.mkdirSync(cacheDir, { recursive: true });
      for (const { script, cacheFile } of scripts) {
        const tmp = `${cacheFile}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, script.createCachedData());
        fs.renameSync(tmp, cacheFile);
      }
      const current = new Set(scripts.map((s) => s.cacheFile));
      const weekAgo = Date.now() - 7 * 24 * 3600 * 1000;
      for (const name of fs.readdirSync(cacheDir)) {
        const file = join(cacheDir, name);
        if (!current.has(file) && fs.statSync(file, { throwIfNoEntry: false })?.mtimeMs < weekAgo) removeQuietly(file);
      }
    } catch {
      // a folder that cannot be written: no cache, the next run compiles again
    }
  };
  return { ...load('meshscope.cjs'), saveCodeCache };
}
