/**
 * The hostile-response suite: every read command of every backend pointed at a server that answers
 * wrong on purpose (test/hostile/server.ts). For each (command, case) meshscope must end by itself
 * with a documented exit code, name what was wrong when it fails, never print a stack trace, and
 * never let an escape sequence from the server reach the terminal.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MockHandle } from '../../src/mock/server.js';
import { cleanEnv, ESCAPE, spawnCli, startTestMock, tmp, type CliResult } from '../helpers.js';
import { HOSTILE_CASES, startHostile, type HostileCase, type HostileServer } from '../hostile/server.js';

type Backend = 'admin' | 'mn' | 'asya' | 'astromesh' | 'grid';
const BACKENDS: Backend[] = ['admin', 'mn', 'asya', 'astromesh', 'grid'];
const DOCUMENTED_EXITS = new Set([0, 1, 2, 3, 4, 13]);
/** Cases whose answer is still a well-formed payload: exit 0 is acceptable there. */
const ACCEPTABLE_PAYLOAD = new Set<HostileCase>(['unknown-enum', 'escape-names']);
/** What a failure message must talk about: the answer, the server, the limit or the clock. */
const NAMES_PROBLEM = /invalid|unexpected|malformed|too large|timed out|timeout|json|html|empty|content.type|HTTP \d{3}|status|schema|pars|expected|truncat|server|answer|response|failed|unreachable|profile|stream|line|error/i;

/** Cases that must end with one particular kind of failure, named in the output. */
const EXPECTED_FAILURE: Partial<Record<HostileCase, RegExp>> = {
  // diagnose words its findings as the admin TUI does ("error decoding response body").
  'never-ending': /response_too_large|too large|timeout|timed out|error decoding response body/i,
  'slow-loris': /timeout|timed out/i,
  'body-50mb': /response_too_large|too large|invalid_response|not JSON|invalid_profile|Parse error|timeout|timed out/i,
  'sse-1mb-line': /larger than|too large|stream_line_too_long/i,
};

interface Command {
  backend: Backend;
  args: (ids: Ids) => string[];
  /**
   * The cases to run (default: all but the SSE one). `envelope watch` reconnects on a broken
   * stream by design, so its runs are bounded with the global --timeout.
   */
  cases?: HostileCase[];
}

interface Ids {
  ref: string;
  job: string;
  envelope: string;
  node: string;
  out: string;
}

const STREAM_CASES: HostileCase[] = ['sse-1mb-line', 'escape-names', 'html-error', 'empty-body', 'wrong-content-type', 'escape-error', 'never-ending', 'slow-loris'];
const NON_SSE = HOSTILE_CASES.filter((c) => c !== 'sse-1mb-line');

const COMMANDS: Command[] = [
  { backend: 'admin', args: () => ['mesh', 'info'] },
  { backend: 'admin', args: () => ['mesh', 'root'] },
  { backend: 'admin', args: (i) => ['mesh', 'get', i.ref] },
  { backend: 'admin', args: () => ['mesh', 'tree'] },
  { backend: 'admin', args: () => ['mesh', 'walk', '-o', 'json'] },
  { backend: 'admin', args: () => ['diagnose'] },
  { backend: 'mn', args: () => ['runtime', 'health'] },
  { backend: 'mn', args: () => ['job', 'list', '--all'] },
  { backend: 'mn', args: (i) => ['job', 'get', i.job] },
  { backend: 'asya', args: () => ['envelope', 'list'] },
  { backend: 'asya', args: (i) => ['envelope', 'get', i.envelope] },
  { backend: 'asya', args: (i) => ['envelope', 'watch', i.envelope, '--timeout', '5s'], cases: STREAM_CASES },
  { backend: 'astromesh', args: () => ['agent', 'list'] },
  { backend: 'astromesh', args: () => ['trace', 'list'] },
  { backend: 'astromesh', args: () => ['astro', 'doctor'] },
  { backend: 'grid', args: (i) => ['pprof', 'capture', '--client', i.node, '--profile', 'heap', '-f', i.out, '--force'] },
];

let mock: MockHandle;
const servers = new Map<string, HostileServer>();
let ids: Ids;

function endpointFlags(c: HostileCase, b: Backend): string[] {
  const url = (name: string) => servers.get(`${c}/${name}`)!.url;
  switch (b) {
    case 'admin':
      return ['--addr', url('admin'), '--plaintext'];
    case 'mn':
      return ['--mn-url', url('mn')];
    case 'asya':
      return ['--asya-url', url('asya'), '--asya-internal-url', url('asyaInternal')];
    case 'astromesh':
      return ['--astromesh-url', url('astromesh')];
    case 'grid':
      return ['--grid-url', url('grid')];
  }
}

interface Outcome {
  name: string;
  result: CliResult;
  ms: number;
  problems: string[];
  /** Peak resident set of the process, MB. */
  rssMb?: number;
}

/** Loaded into every run to report its peak memory; the bound every run must stay under. */
const RSS_PRELOAD = join(import.meta.dirname, '..', 'hostile', 'rss.cjs');
const MAX_RSS_MB = 400;

function judge(c: HostileCase, r: CliResult): string[] {
  const problems: string[] = [];
  if (r.code === null) problems.push('did not end by itself (killed)');
  else if (!DOCUMENTED_EXITS.has(r.code)) problems.push(`exit ${r.code} is not a documented exit code`);
  if (r.code === 0 && !ACCEPTABLE_PAYLOAD.has(c)) problems.push('exit 0 on an answer that was not acceptable');
  // A report (diagnose) or a structured error (-o json) names the problem on stdout.
  if (r.code !== 0 && r.code !== null && !NAMES_PROBLEM.test(r.stderr) && !NAMES_PROBLEM.test(r.stdout)) problems.push(`no message naming the problem: ${JSON.stringify(r.stderr.slice(0, 300))}`);
  const expected = EXPECTED_FAILURE[c];
  if (expected && r.code !== null && !expected.test(r.stderr + r.stdout)) problems.push(`the failure does not name the ${c} problem (${expected.source})`);
  if (/\n\s+at /.test(r.stderr) || /\n\s+at /.test(r.stdout)) problems.push('stack trace in the output');
  if (/UnhandledPromiseRejection|uncaughtException|node:internal|Uncaught /.test(r.stderr)) problems.push('uncaught exception');
  if (ESCAPE.test(r.stdout)) problems.push(`escape or control sequence on stdout: ${JSON.stringify(r.stdout.match(new RegExp(`.{0,40}${ESCAPE.source}.{0,20}`))?.[0])}`);
  if (ESCAPE.test(r.stderr)) problems.push(`escape or control sequence on stderr: ${JSON.stringify(r.stderr.match(new RegExp(`.{0,40}${ESCAPE.source}.{0,20}`))?.[0])}`);
  return problems;
}

beforeAll(async () => {
  mock = await startTestMock();
  const names = ['admin', 'mn', 'asya', 'asyaInternal', 'astromesh', 'grid'] as const;
  await Promise.all(HOSTILE_CASES.flatMap((c) => names.map(async (n) => servers.set(`${c}/${n}`, await startHostile(c, mock.urls[n])))));
  const root = (await (await fetch(`${mock.urls.admin}/v1/root`)).json()) as { children: string[] };
  const jobs = (await (await fetch(`${mock.urls.mn}/jobs`)).json()) as { data: Array<{ job_id: string }> };
  const envs = (await (await fetch(`${mock.urls.asya}/api/v1/mesh/`)).json()) as { messages: Array<{ id: string; status: string }> };
  ids = {
    ref: root.children[0]!,
    job: jobs.data[0]!.job_id,
    envelope: (envs.messages.find((m) => m.status === 'failed') ?? envs.messages[0]!).id,
    node: 'e5bf49cb-16d4-4603-9556-f6790f1103b4',
    out: join(tmp('hostile'), 'profile.pb.gz'),
  };
}, 30_000);

afterAll(async () => {
  await Promise.all([...servers.values()].map((s) => s.close()));
  await mock?.close();
});

describe('hostile servers', () => {
  it('the servers really are hostile, and the judge notices what it must', async () => {
    const info = await (await fetch(`${servers.get('escape-names/admin')!.url}/v1/admin`)).text();
    expect(info).toContain('\\u001b[2J');
    const html = await fetch(`${servers.get('html-error/mn')!.url}/jobs`);
    expect([html.status, html.headers.get('content-type')]).toEqual([502, 'text/html']);
    const ok = { code: 0, stdout: 'fine\n', stderr: '' };
    expect(judge('escape-names', ok)).toEqual([]);
    expect(judge('escape-names', { ...ok, stdout: 'actor \u001b]0;pwned\u0007\n' })).not.toEqual([]);
    expect(judge('escape-error', { code: 1, stdout: '', stderr: 'error: boom\u001b[2J\n' })).not.toEqual([]);
    expect(judge('truncated', ok)).not.toEqual([]);
    expect(judge('truncated', { code: 7, stdout: '', stderr: 'error: the server sent a body that is not JSON\n' })).not.toEqual([]);
    expect(judge('truncated', { code: 1, stdout: '', stderr: 'Error: x\n    at foo (a.js:1:1)\n' })).not.toEqual([]);
    expect(judge('slow-loris', { code: null, stdout: '', stderr: '' })).not.toEqual([]);
    expect(judge('never-ending', { code: 1, stdout: '', stderr: 'error: the server failed\n' })).not.toEqual([]);
  });

  it('every read command of every backend holds against every hostile answer', async () => {
    const env = cleanEnv({ GRID_TOKEN: 'hostile-suite-token' });
    const rssDir = tmp('hostile-rss');
    const runs: Array<{ name: string; c: HostileCase; args: string[] }> = [];
    for (const cmd of COMMANDS) {
      for (const c of cmd.cases ?? NON_SSE) {
        const base = cmd.args(ids);
        runs.push({ name: `${base.slice(0, 2).join(' ')} [${c}]`, c, args: [...base, ...endpointFlags(c, cmd.backend), '--request-timeout', '3s'] });
      }
    }
    // A small pool: most runs wait on the server (timeouts, trickles), so a few run at once.
    const outcomes: Outcome[] = new Array(runs.length);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < runs.length) {
        const i = next++;
        const r = runs[i]!;
        const t0 = Date.now();
        const rssFile = join(rssDir, `run-${i}`);
        const result = await spawnCli(r.args, { env: { ...env, NODE_OPTIONS: `--require ${RSS_PRELOAD}`, MESHSCOPE_TEST_RSS_FILE: rssFile }, timeoutMs: 90_000 });
        const problems = judge(r.c, result);
        // memory stays bounded: the process's peak resident set, written by the preload when it exits
        const rssMb = existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8')) / 1024 : NaN;
        if (!(rssMb <= MAX_RSS_MB)) problems.push(`peak RSS ${Number.isNaN(rssMb) ? 'unknown (the process did not exit by itself)' : `${rssMb.toFixed(0)} MB`} is over ${MAX_RSS_MB} MB`);
        outcomes[i] = { name: r.name, result, ms: Date.now() - t0, problems, rssMb };
      }
    };
    await Promise.all(Array.from({ length: 6 }, worker));
    const held = outcomes.filter((o) => o.problems.length === 0).length;
    const peak = outcomes.reduce((m, o) => Math.max(m, o.rssMb ?? 0), 0);
    const peakCase = outcomes.find((o) => o.rssMb === peak)?.name;
    console.log(`hostile suite: ${outcomes.length} cases, ${held} held; highest peak RSS ${peak.toFixed(0)} MB (${peakCase})`);
    if (process.env.HOSTILE_DUMP) (await import('node:fs')).writeFileSync(process.env.HOSTILE_DUMP, JSON.stringify(outcomes, null, 1));
    const failed = outcomes.filter((o) => o.problems.length).map((o) => `${o.name} (exit ${o.result.code}): ${o.problems.join('; ')}`);
    expect(failed).toEqual([]);
    expect(held).toBe(outcomes.length);
    // The suite really ran every backend's commands against every case.
    expect(outcomes.length).toBe(COMMANDS.reduce((n, c) => n + (c.cases ?? NON_SSE).length, 0));
    expect(new Set(COMMANDS.map((c) => c.backend))).toEqual(new Set(BACKENDS));
  }, 600_000);
});
