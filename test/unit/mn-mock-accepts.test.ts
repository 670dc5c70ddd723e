/**
 * The mock mn-api takes manifests as the real gateway does (reference/mirrorneuron.md §2.4, §2.11):
 * it checks requirements and input rules, never the workflow schema — that check is the CLI's.
 * The API document's own minimal example and the legacy `{"graph_id":"g"}` are accepted (200
 * `{"id","status":"pending"}`) and run to completion. Pause/cancel answer the status the gateway
 * documents (`paused`/`cancelled`), while the job record passes through pausing/cancelling.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../../src/http/client.js';
import { MnClient } from '../../src/backends/mn/client.js';
import { followProgress } from '../../src/backends/mn/monitor.js';
import type { WorkflowProgress } from '../../src/backends/mn/models.js';
import { Scenario } from '../../src/mock/scenario.js';
import { startMock, type MockHandle } from '../../src/mock/server.js';
import { createMnMock } from '../../src/mock/mn/router.js';
import type { BackendFactory } from '../../src/mock/types.js';

/** The API document's "Submit A Manifest" example, byte for byte. */
const DOC_EXAMPLE = '{"apiVersion":"mn.workflow/v1","kind":"Workflow","workflow":{"workflow_id":"demo","nodes":[]}}';

let mock: MockHandle;
let c: MnClient;

async function post(path: string, body: unknown): Promise<{ status: number; type: string; body: Record<string, unknown> }> {
  const r = await fetch(`${mock.urls.mn}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: r.status, type: r.headers.get('content-type') ?? '', body: (await r.json()) as Record<string, unknown> };
}

async function get(path: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const r = await fetch(`${mock.urls.mn}${path}`);
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
}

async function untilTerminal(id: string): Promise<WorkflowProgress> {
  let last: WorkflowProgress | undefined;
  for await (const snap of followProgress(c, id, { signal: AbortSignal.timeout(30_000), pollMs: 100 })) last = snap;
  return last!;
}

/** Poll the job's own status until it is one of `wanted` (generous deadline; the mock's clock runs fast). */
async function untilStatus(id: string, wanted: string[]): Promise<string> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const p = await get(`/jobs/${id}/workflow-progress`);
    if (wanted.includes(String(p.body.status))) return String(p.body.status);
    if (Date.now() > deadline) throw new Error(`job ${id} is still ${String(p.body.status)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  const sc = Scenario.parse({ name: 'mn-accepts', seed: 11, clock_speed: 40, mn: { step_seconds: 2, seed_jobs: { completed: 0, failed: 0, running: 0 } } });
  mock = await startMock({ scenario: sc, portBase: 0, factories: [createMnMock as BackendFactory], env: {} });
  c = new MnClient(new HttpClient({ backend: 'mn', url: mock.urls.mn }, { retries: 1, backoffMs: 10 }));
});

afterAll(async () => {
  await mock?.close();
});

describe('POST /jobs takes what the real gateway takes', () => {
  it("the API document's minimal example: 200 {id, status: pending}; a workflow with no steps completes", async () => {
    const r = await post('/jobs', { manifest_json: DOC_EXAMPLE });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(Object.keys(r.body).sort()).toEqual(['id', 'status']);
    expect(r.body.status).toBe('pending');
    const id = String(r.body.id);
    const last = await untilTerminal(id);
    expect(last.status).toBe('completed');
    expect(last.workflow_id).toBe('demo');
    expect(last.steps).toEqual([]);
    // every read of such a job answers 200 (no contract violation on an empty workflow)
    for (const path of [`/jobs/${id}`, `/jobs/${id}?include=full`, `/jobs/${id}/events`, `/jobs/${id}/dead-letters`, `/jobs?include_terminal=true`]) {
      const g = await get(path);
      expect(g.status, `${path}: ${JSON.stringify(g.body)}`).toBe(200);
    }
  });

  it('the legacy {"graph_id":"g"} the API tests submit: accepted and run to completion', async () => {
    const r = await post('/jobs', { manifest_json: '{"graph_id":"g"}' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toEqual({ id: expect.any(String), status: 'pending' });
    const last = await untilTerminal(String(r.body.id));
    expect(last.status).toBe('completed');
    expect(last.workflow_id).toBe('g');
  });

  it('the same manifest is accepted by POST /schedules', async () => {
    const s = await post('/schedules', { manifest_json: DOC_EXAMPLE, schedule: { kind: 'delayed', delay_ms: 60_000 } });
    expect(s.status, JSON.stringify(s.body)).toBe(200);
    expect(s.body.status).toBe('active');
  });

  it('what the gateway itself refuses: malformed JSON 400, not an object 400, nothing to submit 422', async () => {
    expect(await post('/jobs', { manifest_json: '{"graph_id":' })).toMatchObject({ status: 400, body: { detail: 'manifest_json is malformed' } });
    expect((await post('/jobs', { manifest_json: '[1,2]' })).status).toBe(400);
    expect(await post('/jobs', {})).toMatchObject({ status: 422, body: { detail: 'manifest_json or _bundle_path is required' } });
  });

  it('requirements are still checked (412 requirements_not_met, problem+json), whatever the manifest schema; force skips them', async () => {
    const manifest = JSON.stringify({ graph_id: 'needs_model', runtime: { models: { primary: { model: 'ai/huge-model:1T', required: true } } } });
    const r = await post('/jobs', { manifest_json: manifest });
    expect(r.status).toBe(412);
    expect(r.type).toMatch(/^application\/problem\+json/);
    expect(r.body).toMatchObject({ error: 'requirements_not_met', errors: [{ code: 'requirements.model_missing', location: { pointer: '/runtime/models/primary' } }] });
    expect((await post('/jobs', { manifest_json: manifest, force: true })).status).toBe(200);
  });

  it('input rules: a required contract input with no payload -> 422 input_validation_failed; the payload satisfies it; force skips it', async () => {
    const manifest = JSON.stringify({ apiVersion: 'mn.workflow/v1', kind: 'Workflow', contract: { inputs: { topic: { type: 'string', required: true } } }, workflow: { workflow_id: 'needs_input' } });
    const r = await post('/jobs', { manifest_json: manifest });
    expect(r.status).toBe(422);
    expect(r.type).toMatch(/^application\/problem\+json/);
    expect(r.body).toMatchObject({ error: 'input_validation_failed', errors: [{ code: 'inputs.required', location: { source: 'inputs', path: 'topic', pointer: '/contract/inputs/topic' } }] });
    expect((await post('/jobs', { manifest_json: manifest, payloads: { 'topic.txt': 'actor runtimes' } })).status).toBe(200);
    expect((await post('/jobs', { manifest_json: manifest, force: true })).status).toBe(200);
  });
});

describe('POST /jobs/{id}/pause|cancel|resume answer as the reference says', () => {
  const slow = JSON.stringify({ graph_id: 'slow', nodes: [{ node_id: 'a', simulate: { duration_seconds: 4000 } }, { node_id: 'b' }], edges: [{ from_node: 'a', to_node: 'b', message_type: 'x' }] });

  it('pause -> {"status":"paused"}; the record goes pausing -> paused; resume -> running; cancel -> {"status":"cancelled"}', async () => {
    const id = String((await post('/jobs', { manifest_json: slow })).body.id);
    await untilStatus(id, ['running']);
    const p = await post(`/jobs/${id}/pause`, '');
    expect(p).toMatchObject({ status: 200, body: { status: 'paused', job_id: id } });
    expect(await untilStatus(id, ['paused'])).toBe('paused');
    const again = await post(`/jobs/${id}/pause`, '');
    expect(again.body).toEqual({ status: 'paused', job_id: id });
    const res = await post(`/jobs/${id}/resume`, '');
    expect(res.body).toEqual({ status: 'running', job_id: id });
    const cancel = await post(`/jobs/${id}/cancel`, '');
    expect(cancel.body).toEqual({ status: 'cancelled', job_id: id });
    expect(await untilStatus(id, ['cancelled'])).toBe('cancelled');
    const types = ((await get(`/jobs/${id}/events?limit=5000`)).body.data as Array<{ type: string }>).map((e) => e.type);
    const order = ['job_pausing', 'job_paused', 'job_resumed', 'job_cancelling', 'job_cancelled'].map((t) => types.indexOf(t));
    expect(order.every((i) => i >= 0), types.join(',')).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    // a finished job cannot be paused: the gateway's gRPC error body
    expect(await post(`/jobs/${id}/pause`, '')).toMatchObject({ status: 500, body: { error: expect.stringMatching(/cannot be paused/) } });
  });
});
