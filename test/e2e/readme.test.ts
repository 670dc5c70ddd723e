/**
 * The README's examples run as written. Every line `$ meshscope ...` in a fenced block is run
 * against the embedded mock (`--mock`, or a mock this file starts, which the environment points
 * every backend at), in a scratch folder that holds `fixtures/`. The lines under it are what it
 * prints: each must appear in what the command printed (stdout or stderr, in order within each),
 * with numbers, ports and ids masked and runs of spaces collapsed; a `...` line stands for lines
 * left out, and `...` inside a line for any text there. An example exits 0 unless it ends with `; echo "exit $?"`, whose line it then shows.
 * The shell it understands: `VAR=value` prefixes, quotes, `> FILE`, `2>/dev/null`, `; echo "exit $?"`.
 */
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type MockHandle } from '../../src/mock/server.js';
import { cleanEnv, ROOT, runCli, tmp } from '../helpers.js';

export interface Example {
  line: number;
  command: string;
  expected: string[];
}

/** `$ ` lines of fenced blocks with the lines printed under them. */
export function examples(markdown: string): Example[] {
  const out: Example[] = [];
  let fenced = false;
  let current: Example | undefined;
  markdown.split('\n').forEach((text, i) => {
    if (text.startsWith('```')) {
      fenced = !fenced;
      current = undefined;
      return;
    }
    if (!fenced) return;
    if (text.startsWith('$ ')) {
      current = { line: i + 1, command: text.slice(2).replace(/\s{2,}#.*$/, '').trim(), expected: [] };
      out.push(current);
    } else if (current && text.trim() !== '') current.expected.push(text);
  });
  return out;
}

interface Parsed {
  env: Record<string, string>;
  argv: string[];
  quietStderr: boolean;
  echoExit: boolean;
  /** `> FILE`: stdout goes to this file (in the scratch folder). */
  stdoutFile?: string;
}

/** The little shell the examples use: VAR=value prefixes, quotes, `2>/dev/null`, `; echo "exit $?"`. */
export function parseCommand(command: string): Parsed {
  let rest = command;
  const echoExit = /;\s*echo "exit \$\?"$/.test(rest);
  rest = rest.replace(/;\s*echo "exit \$\?"$/, '');
  const words: string[] = [];
  const re = /'([^']*)'|"((?:\\.|[^"\\])*)"|(\S+)/g;
  for (const m of rest.matchAll(re)) words.push(m[1] ?? m[2]?.replace(/\\(.)/g, '$1') ?? m[3]);
  const env: Record<string, string> = {};
  while (words.length && /^[A-Z_][A-Z0-9_]*=/.test(words[0])) {
    const [k, ...v] = words.shift()!.split('=');
    env[k] = v.join('=');
  }
  const quietStderr = words.includes('2>/dev/null');
  let stdoutFile: string | undefined;
  const redirect = words.indexOf('>');
  if (redirect >= 0) stdoutFile = words.splice(redirect, 2)[1];
  const argv = words.filter((w) => w !== '2>/dev/null');
  for (const w of argv) if (/^[|&;<>]|^\d?>/.test(w) || w.includes('$(') || w.includes('`')) throw new Error(`README example uses shell syntax the README test does not run: ${w} in ${command}`);
  if (argv.shift() !== 'meshscope') throw new Error(`README example does not start with meshscope: ${command}`);
  return { env, argv, quietStderr, echoExit, stdoutFile };
}

/** What is compared: no colour, ports, numbers and ids masked, runs of spaces as one. */
export function normalise(line: string): string {
  return (
    line
      .replace(/\x1b\[[0-9;]*m/g, '')
      // a check that took 500 ms or more on a busy machine is Slow (⚠) where the README shows Pass (✓)
      .replace(/^ ⚠ /, ' ✓ ')
      .replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT')
      .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g, 'UUID')
      .replace(/\b(?=[0-9a-f]*\d)[0-9a-f]{6,}\b/g, 'HEX')
      .replace(/\d+(\.\d+)?/g, '#')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

/** Are the expected lines found in the output, in order within stdout and within stderr? */
export function missing(expected: string[], stdout: string, stderr: string): string[] {
  const streams = [stdout, stderr].map((s) => s.split('\n').map(normalise));
  const at = [0, 0];
  const lost: string[] = [];
  for (const want of expected) {
    if (want.trim() === '...') continue;
    // `...` inside a line stands for any text there
    const w = normalise(want);
    const pattern = w.includes('...') ? new RegExp(`^${w.split('...').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`) : undefined;
    let found = false;
    for (let k = 0; k < 2 && !found; k++) {
      const i = pattern ? streams[k].findIndex((l, j) => j >= at[k] && pattern.test(l)) : streams[k].indexOf(w, at[k]);
      if (i >= 0) {
        at[k] = i + 1;
        found = true;
      }
    }
    if (!found) lost.push(want);
  }
  return lost;
}

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const EXAMPLES = examples(README);
let mock: MockHandle;
let cwd: string;
const home = process.cwd();

beforeAll(async () => {
  mock = await startMock({ scenario: 'healthy', portBase: 0, env: {} });
  cwd = tmp('readme');
  symlinkSync(join(ROOT, 'fixtures'), join(cwd, 'fixtures'));
  process.chdir(cwd);
});

afterAll(async () => {
  process.chdir(home);
  await mock?.close();
});

describe('README examples', () => {
  it('has examples to run', () => {
    expect(EXAMPLES.length).toBeGreaterThan(15);
  });

  for (const ex of EXAMPLES) {
    it(`README.md:${ex.line}: ${ex.command}`, async () => {
      const p = parseCommand(ex.command);
      const u = mock.urls;
      const env = cleanEnv({
        MESHSCOPE_ADMIN_URL: u.admin,
        MESHSCOPE_MN_URL: u.mn,
        MESHSCOPE_ASYA_URL: u.asya,
        MESHSCOPE_ASYA_INTERNAL_URL: u.asyaInternal,
        MESHSCOPE_ASTROMESH_URL: u.astromesh,
        MESHSCOPE_GRID_URL: u.grid,
        GRID_TOKEN: 'dev',
        // one contexts file for the whole README, so `context set` is seen by `context list`
        MESHSCOPE_CONFIG: join(cwd, 'config.yaml'),
        ...p.env,
      });
      const r = await runCli(p.argv, { env, timeoutMs: 90_000 });
      if (p.stdoutFile) writeFileSync(p.stdoutFile, r.stdout);
      const printed = p.stdoutFile ? '' : r.stdout;
      const stdout = p.echoExit ? `${printed}exit ${r.code}\n` : printed;
      const stderr = p.quietStderr ? '' : r.stderr;
      if (!p.echoExit) expect(r.code, `exit ${r.code}; stderr: ${r.stderr}`).toBe(0);
      expect(missing(ex.expected, stdout, stderr), `printed:\n${stdout}${stderr}`).toEqual([]);
    }, 120_000);
  }
});
