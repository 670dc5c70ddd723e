/**
 * Ctrl-C and --timeout: an NDJSON stream stays one object per line and the error goes to stderr
 * once; a follow says what goes on without meshscope; --timeout does not count the embedded mock's
 * own start-up.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { Session } from '../../src/app/session.js';
import { startMock } from '../../src/mock/server.js';
import { cleanEnv, mockFlags, ROOT, runCli, sink, tmp } from '../helpers.js';

let mock: Awaited<ReturnType<typeof startMock>>;

beforeAll(async () => {
  mock = await startMock({ scenario: 'large', portBase: 0, env: {} });
});

afterAll(async () => {
  await mock?.close();
});

/** Abort once `ready()` says so (checked every 20 ms), or after `maxMs`. */
function interruptWhen(ready: () => boolean, maxMs = 20_000): AbortSignal {
  const ac = new AbortController();
  const started = Date.now();
  const t = setInterval(() => {
    if (ready() || Date.now() - started > maxMs) {
      clearInterval(t);
      ac.abort();
    }
  }, 20);
  return ac.signal;
}

describe('Ctrl-C', () => {
  it('mesh walk -o json: every stdout line is one JSON node; one error on stderr, no per-node warnings; exit 130', async () => {
    let seen = 0;
    const flags = mockFlags(mock.urls);
    // interrupt once the walk has streamed some nodes: a promise that reads the runner's stdout is not
    // exposed, so count requests the admin server answered instead
    const before = mock.stats.total.requests;
    const signal = interruptWhen(() => (seen = mock.stats.total.requests - before) > 200);
    const r = await runCli(['mesh', 'walk', '-o', 'json', ...flags], { interrupt: signal });
    expect(seen).toBeGreaterThan(200);
    expect(r.code).toBe(130);
    const lines = r.stdout.split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) expect(() => JSON.parse(l), l.slice(0, 80)).not.toThrow();
    expect(lines.every((l) => 'identity' in JSON.parse(l))).toBe(true);
    expect(r.stderr).toBe('error: interrupted (interrupted)\n');
  }, 60_000);

  /** The run of a job whose second step takes a day: it is still running when the test interrupts. */
  async function slowRun(flags: string[]): Promise<string> {
    const m = parse(readFileSync(join(ROOT, 'fixtures', 'manifests', 'good.yaml'), 'utf8'));
    m.workflow.steps[1].simulate = { duration_seconds: 100_000 };
    const file = join(tmp('interrupt'), 'slow.yaml');
    writeFileSync(file, stringify(m));
    const sub = await runCli(['job', 'submit', '-f', file, '-o', 'json', ...flags]);
    expect(sub.code, sub.stderr).toBe(0);
    const id = JSON.parse(sub.stdout).id as string;
    let runId: string | undefined;
    for (let i = 0; i < 200 && !runId; i++) {
      runId = JSON.parse((await runCli(['job', 'get', id, '-o', 'json', ...flags])).stdout).job?.run_id ?? undefined;
      if (!runId) await new Promise((r) => setTimeout(r, 100));
    }
    expect(runId).toBeTruthy();
    return runId!;
  }

  it('run logs -f: says the run goes on without meshscope', async () => {
    const flags = mockFlags(mock.urls);
    const runId = await slowRun(flags);
    const before = mock.stats.total.requests;
    const r = await runCli(['run', 'logs', runId, '-f', '--interval', '0.2', ...flags], { interrupt: interruptWhen(() => mock.stats.total.requests - before >= 4) });
    expect(r.code).toBe(130);
    expect(r.stderr).toContain('error: interrupted (the run continues on the server) (interrupted)');
    expect(r.stderr).not.toContain('launch');
  }, 60_000);

  it('run logs -w interrupted while the logs are being fetched (not between polls) says so too', async () => {
    const flags = mockFlags(mock.urls);
    const runId = await slowRun(flags);
    // every logs request now takes 30 s: the interrupt lands while one is in flight
    const rule = { backend: 'mn' as const, route: 'GET /api/v1/runs/{run_id}/logs', latency_ms: 30_000 };
    mock.scenario.faults.push(rule);
    try {
      const logs = () => mock.stats.routes.get('mn GET /api/v1/runs/{run_id}/logs')?.requests ?? 0;
      const before = logs();
      const r = await runCli(['run', 'logs', runId, '-w', '--interval', '1s', ...flags], { interrupt: interruptWhen(() => logs() > before) });
      expect(r.code).toBe(130);
      expect(r.stderr).toBe('error: interrupted (the run continues on the server) (interrupted)\n');
    } finally {
      mock.scenario.faults.splice(mock.scenario.faults.indexOf(rule), 1);
    }
  }, 60_000);
});

describe('--timeout', () => {
  it("starts once the embedded mock is up: the mock's start-up is not the command's time", async () => {
    const io = { stdout: sink(), stderr: sink(), stdin: process.stdin, env: cleanEnv() };
    const s = new Session({ io, opts: { mock: true, timeout: '1s' } });
    try {
      // longer than the deadline, before the mock has started: the clock has not started either
      await new Promise((r) => setTimeout(r, 1_500));
      expect(s.signal.aborted).toBe(false);
      await s.endpoints();
      expect(s.signal.aborted).toBe(false);
      for (let i = 0; i < 400 && !s.signal.aborted; i++) await new Promise((r) => setTimeout(r, 50));
      expect((s.signal.reason as Error | undefined)?.name).toBe('TimeoutError');
    } finally {
      await s.close();
    }
  }, 60_000);

  it('still ends a command that runs past it (exit 4)', async () => {
    const r = await runCli(['mesh', 'walk', '-o', 'json', '--timeout', '1s', ...mockFlags(mock.urls), '--concurrency', '1']);
    expect(r.code).toBe(4);
    expect(r.stderr).toBe('error: the overall timeout expired (timeout)\nhint: raise --timeout\n');
    for (const l of r.stdout.split('\n').filter(Boolean)) expect(() => JSON.parse(l)).not.toThrow();
  }, 60_000);
});
