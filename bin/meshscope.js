#!/usr/bin/env node
'use strict';
// Launcher: runs the CLI (built by `npm ci` through the prepare script) and sets the exit code.
// `--version` is answered here, before any module of the CLI is loaded. CommonJS (bin/package.json),
// which Node starts a few milliseconds sooner than an ES module.
//
// The CLI is the bundle in dist/cli (scripts/bundle.mjs): CommonJS files, loaded with their source
// maps under --verbose (or with Node's source maps on), so that stack traces name the files in src/.
// Without dist/cli, or when `tsc` compiled dist/src after it was bundled (a bundle older than the
// source), the compiled modules in dist/src run instead.
const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  const { readFileSync } = require('node:fs');
  process.stdout.write(`${JSON.parse(readFileSync(require.resolve('../package.json'), 'utf8')).version}\n`);
} else {
  loadCli()
    .then(({ main }) => main(argv))
    .then(
      (code) => {
        process.exitCode = code;
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
  const entry = join(dist, 'cli', 'meshscope.cjs');
  const bundled = fs.statSync(entry, { throwIfNoEntry: false })?.mtimeMs;
  const compiled = fs.statSync(join(dist, 'src', 'cli', 'main.js'), { throwIfNoEntry: false })?.mtimeMs;
  if (bundled === undefined || (compiled !== undefined && compiled > bundled)) return import('../dist/src/cli/main.js');
  // the bundle's import() of an ES module (Ink, chalk)
  globalThis[Symbol.for('meshscope.import')] = (id) => import(id);
  if (argv.some((a) => a === '-v' || a === '--verbose')) process.setSourceMapsEnabled(true);
  return require(entry);
}
