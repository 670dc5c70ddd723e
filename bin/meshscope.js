#!/usr/bin/env node
// Launcher: runs the compiled CLI (built by `npm ci` through the prepare script) and sets the exit code.
import { main } from '../dist/src/cli/main.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`error: ${err && err.message ? err.message : String(err)} (internal_error)\n`);
    process.exitCode = 1;
  },
);
