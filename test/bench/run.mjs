#!/usr/bin/env node
// `npm run bench`: performance figures of meshscope on this machine, each with its target.
// Benchmarks print figures and ratios; no test asserts a timing.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = join(ROOT, 'bin', 'meshscope.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 20);

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function timeCommand(args) {
  const times = [];
  for (let i = 0; i < RUNS + 2; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { stdio: 'ignore', env: { ...process.env, NO_COLOR: '1' } });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}`);
    if (i >= 2) times.push(ms); // two warm-up runs
  }
  return median(times);
}

const rows = [];
const base = timeCommand(['-e', '0']);
for (const [label, args, target] of [
  ['meshscope --version', [BIN, '--version'], 1.5],
  ['meshscope --help', [BIN, '--help'], 2],
]) {
  const ms = timeCommand(args);
  const ratio = ms / base;
  rows.push({ figure: `${label} vs node -e 0`, value: `${ms.toFixed(1)} ms / ${base.toFixed(1)} ms = ${ratio.toFixed(2)}x`, target: `<= ${target}x`, met: ratio <= target });
}

const w = [Math.max(...rows.map((r) => r.figure.length)), Math.max(...rows.map((r) => r.value.length)), 8];
console.log(`meshscope benchmarks (node ${process.version}, ${RUNS} runs each, median)\n`);
console.log(`${'FIGURE'.padEnd(w[0])}  ${'VALUE'.padEnd(w[1])}  ${'TARGET'.padEnd(w[2])}  MET`);
for (const r of rows) console.log(`${r.figure.padEnd(w[0])}  ${r.value.padEnd(w[1])}  ${r.target.padEnd(w[2])}  ${r.met ? 'yes' : 'NO'}`);
