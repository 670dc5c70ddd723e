/**
 * `job pause|cancel`: the gateway answers the status the request leads to (`paused`, `cancelled`;
 * reference/mirrorneuron.md §2.4) while the job still passes through pausing / cancelling (§2.13).
 * Without --wait the answer is shown as given; with --wait the command returns only once the job's
 * own status is there, however long the transition takes (the mock's is long here on purpose).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Scenario } from '../../src/mock/scenario.js';
import { startMock, type MockHandle } from '../../src/mock/server.js';
import { createMnMock } from '../../src/mock/mn/router.js';
import type { BackendFactory } from '../../src/mock/types.js';
import { cleanEnv, runCli, tmp } from '../helpers.js';

let mock: MockHandle;
let slow: string;

const mn = (args: string[]) => runCli(args, { env: cleanEnv({ MESHSCOPE_MN_URL: mock.urls.mn }) });
const progress = async (id: string) => JSON.parse((await mn(['job', 'progress', id, '-o', 'json'])).stdout).status as string;

beforeAll(async () => {
  const dir = tmp('mn-control');
  slow = join(dir, 'slow.json');
  // one step that outlasts the test; the legacy format is the shortest runnable manifest
  writeFileSync(slow, JSON.stringify({ graph_id: 'slow', nodes: [{ node_id: 'work', simulate: { duration_seconds: 1_000_000 } }], edges: [] }));
  // pausing and cancelling each take 80 simulated seconds (2 s at this clock)
  const sc = Scenario.parse({ name: 'mn-control', seed: 9, clock_speed: 40, mn: { transition_seconds: 80, start_delay_seconds: 0, seed_jobs: { completed: 0, failed: 0, running: 0 } } });
  mock = await startMock({ scenario: sc, portBase: 0, factories: [createMnMock as BackendFactory], env: {} });
});

afterAll(async () => {
  await mock?.close();
});

describe('job pause|cancel answer as the gateway does; --wait waits for the job itself', () => {
  it('pause: the answer says paused; with --wait the job is paused when the command returns', async () => {
    const sub = await mn(['job', 'submit', '-f', slow, '-o', 'json']);
    expect(sub.code, sub.stderr).toBe(0);
    const id = JSON.parse(sub.stdout).id as string;
    const p = await mn(['job', 'pause', id, '-o', 'json']);
    expect(p.code, p.stderr).toBe(0);
    expect(JSON.parse(p.stdout)).toEqual({ status: 'paused', job_id: id });
    const pw = await mn(['job', 'pause', id, '--wait']);
    expect(pw.code, pw.stderr).toBe(0);
    expect(pw.stdout).toMatch(/^Status: paused$/m);
    expect(await progress(id)).toBe('paused');
    const r = await mn(['job', 'resume', id, '-o', 'json']);
    expect(JSON.parse(r.stdout)).toEqual({ status: 'running', job_id: id });
  });

  it('cancel --wait: the job is cancelled when the command returns', async () => {
    const id = JSON.parse((await mn(['job', 'submit', '-f', slow, '-o', 'json'])).stdout).id as string;
    const c = await mn(['job', 'cancel', id, '--wait', '-o', 'json']);
    expect(c.code, c.stderr).toBe(0);
    expect(JSON.parse(c.stdout)).toEqual({ status: 'cancelled', job_id: id });
    expect(await progress(id)).toBe('cancelled');
    const events = JSON.parse((await mn(['job', 'events', id, '-o', 'json'])).stdout).data.map((e: { type: string }) => e.type);
    expect(events.indexOf('job_cancelling')).toBeGreaterThanOrEqual(0);
    expect(events.indexOf('job_cancelled')).toBeGreaterThan(events.indexOf('job_cancelling'));
  });
});
