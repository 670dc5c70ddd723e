#!/usr/bin/env node
// Launcher: runs the compiled CLI (built by `npm ci` through the prepare script) and sets the exit code.
// `--version` is answered here, before any module of the CLI is loaded.
const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  const { readFileSync } = await import('node:fs');
  process.stdout.write(`${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}\n`);
} else {
  const { main } = await import('../dist/src/cli/main.js');
  try {
    process.exitCode = await main(argv);
  } catch (err) {
    process.stderr.write(`error: ${err && err.message ? err.message : String(err)} (internal_error)\n`);
    process.exitCode = 1;
  }
}
