/**
 * Ctrl-C while a follow is waiting for an answer (not between polls): the follow still says what
 * goes on without meshscope.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { MockHandle } from '../../src/mock/server.js';
import { mockFlags, ROOT, runCli, startTestMock, tmp } from '../helpers.js';

let mock: MockHandle;
beforeAll(async () => {
  mock = await startTestMock({ scenario: 'healthy' });
});
afterAll(async () => {
  await mock?.close();
});

/** Abort once `ready()` says so (checked every 20 ms). */
function interruptWhen(ready: () => boolean): AbortSignal {
  const ac = new AbortController();
  const t = setInterval(() => {
    if (ready()) {
      clearInterval(t);
      ac.abort();
    }
  }, 20);
  return ac.signal;
}

describe('Ctrl-C during a follow request', () => {
  it('run logs -w: interrupted while the logs are being fetched, it says the run continues on the server', async () => {
    const m = parse(readFileSync(join(ROOT, 'fixtures', 'manifests', 'good.yaml'), 'utf8'));
    m.workflow.steps[1].simulate = { duration_seconds: 100_000 };
    const file = join(tmp('follow-interrupt'), 'slow.yaml');
    writeFileSync(file, stringify(m));
    const flags = mockFlags(mock.urls);
    const sub = await runCli(['job', 'submit', '-f', file, '-o', 'json', ...flags]);
    expect(sub.code, sub.stderr).toBe(0);
    const id = JSON.parse(sub.stdout).id as string;
    let runId: string | undefined;
    for (let i = 0; i < 200 && !runId; i++) {
      runId = JSON.parse((await runCli(['job', 'get', id, '-o', 'json', ...flags])).stdout).job?.run_id ?? undefined;
      if (!runId) await new Promise((r) => setTimeout(r, 100));
    }
    expect(runId).toBeTruthy();
    // every logs request now takes 30 s: the interrupt lands while one is in flight
    const rule = { backend: 'mn' as const, route: 'GET /api/v1/runs/{run_id}/logs', latency_ms: 30_000 };
    mock.scenario.faults.push(rule);
    try {
      const logs = () => mock.stats.routes.get('mn GET /api/v1/runs/{run_id}/logs')?.requests ?? 0;
      const before = logs();
      const r = await runCli(['run', 'logs', runId!, '-w', '--interval', '1s', ...flags], { interrupt: interruptWhen(() => logs() > before) });
      expect(r.code).toBe(130);
      expect(r.stderr).toBe('error: interrupted (the run continues on the server) (interrupted)\n');
    } finally {
      mock.scenario.faults.splice(mock.scenario.faults.indexOf(rule), 1);
    }
  }, 60_000);
});
