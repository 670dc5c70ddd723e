/**
 * The asya and astromesh contracts, held outside the mocks: the client's zod models against
 * payloads shaped as the real servers send them (fixtures/asya, fixtures/astromesh: each names the
 * model that reads it and the section of the reference notes it comes from) and against what the
 * mocks serve. (mn: mn-payloads.test.ts; admin: the fixtures/monarch schema tests; grid answers
 * pprof protobuf, read against fixtures/real/go-pprof.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ZodType } from 'zod';
import * as astromesh from '../../src/backends/astromesh/models.js';
import * as asya from '../../src/backends/asya/models.js';
import { Scenario } from '../../src/mock/scenario.js';
import { startMock, type MockHandle } from '../../src/mock/server.js';
import { createAstromeshMock } from '../../src/mock/astromesh/router.js';
import { createAsyaMock } from '../../src/mock/asya/router.js';
import type { BackendFactory } from '../../src/mock/types.js';
import { ROOT } from '../helpers.js';

type Models = Record<string, unknown>;

function model(models: Models, name: string): ZodType {
  const m = models[name] as ZodType | undefined;
  if (!m || typeof (m as { safeParse?: unknown }).safeParse !== 'function') throw new Error(`no model ${name}`);
  return m;
}

/** Why a payload does not parse with a model, one line per issue ('' when it does). */
function problems(models: Models, name: string, payload: unknown): string {
  const parsed = model(models, name).safeParse(payload);
  return parsed.success ? '' : parsed.error.issues.map((i) => `${name} ${i.path.join('.') || '(root)'}: ${i.message}`).join('\n');
}

function fixtures(backend: string): Array<{ file: string; model: string; source: string; payload: unknown }> {
  const dir = join(ROOT, 'fixtures', backend);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ file: f, ...(JSON.parse(readFileSync(join(dir, f), 'utf8')) as { model: string; source: string; payload: unknown }) }));
}

for (const [backend, models] of [
  ['asya', asya],
  ['astromesh', astromesh],
] as const) {
  describe(`${backend} client models read the real server's payloads (fixtures/${backend})`, () => {
    const all = fixtures(backend);
    it('there are fixtures, each citing the reference notes', () => {
      expect(all.length).toBeGreaterThan(10);
      for (const f of all) expect(f.source, f.file).toMatch(new RegExp(`^reference/${backend}\\.md §`));
    });
    it.each(all.map((f) => [f.file, f] as const))('%s', (_file, f) => {
      expect(problems(models, f.model, f.payload)).toBe('');
    });
  });
}

describe('the client models read what the asya and astromesh mocks serve', () => {
  let mock: MockHandle;
  const json = async (url: string, init?: RequestInit): Promise<{ status: number; body: unknown }> => {
    const r = await fetch(url, init);
    return { status: r.status, body: await r.json() };
  };
  const postJson = (url: string, body: unknown) => json(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  beforeAll(async () => {
    const scenario = Scenario.parse({ name: 'backend-payloads', seed: 5, clock_speed: 20 });
    mock = await startMock({ scenario, portBase: 0, factories: [createAsyaMock as BackendFactory, createAstromeshMock as BackendFactory], env: {} });
  });
  afterAll(async () => {
    await mock.close();
  });

  it('asya: create, get, list, and the catch-up status event', async () => {
    const base = `${mock.urls.asya}/api/v1/mesh`;
    const created = await postJson(`${base}/?actor=echo`, { payload: { q: 'hi' }, timeout: 60 });
    expect(created.status).toBe(201);
    expect(problems(asya, 'CreateResponse', created.body)).toBe('');
    const id = (created.body as { id: string }).id;
    expect(problems(asya, 'Envelope', (await json(`${base}/${id}`)).body)).toBe('');
    const list = await json(`${base}/?limit=50`);
    expect(problems(asya, 'EnvelopeList', list.body)).toBe('');
    expect((list.body as { messages: unknown[] }).messages.length).toBeGreaterThan(0);
    for (const env of (list.body as { messages: unknown[] }).messages) expect(problems(asya, 'Envelope', env)).toBe('');
    // the stream of a finished envelope: one status event, then the server closes
    const finished = (list.body as { messages: Array<{ id: string; status: string }> }).messages.find((m) => asya.isTerminal(m.status));
    if (finished) {
      const text = await (await fetch(`${base}/${finished.id}/events`, { signal: AbortSignal.timeout(20_000) })).text();
      const events = [...text.matchAll(/^event: status\ndata: (.*)$/gm)].map((m) => JSON.parse(m[1]) as unknown);
      expect(events.length).toBe(1);
      expect(problems(asya, 'StatusEventData', events[0])).toBe('');
    }
  });

  it('astromesh: every JSON route', async () => {
    const base = mock.urls.astromesh;
    const agents = (await json(`${base}/v1/agents`)).body as { agents: Array<{ name: string }> };
    const agent = agents.agents[0].name;
    const checks: Array<[string, string, Promise<{ status: number; body: unknown }>]> = [
      ['Health', 'GET /v1/health', json(`${base}/v1/health`)],
      ['AgentList', 'GET /v1/agents', json(`${base}/v1/agents`)],
      ['AgentConfig', 'GET /v1/agents/{name}', json(`${base}/v1/agents/${agent}`)],
      ['RunResponse', 'POST /v1/agents/{name}/run', postJson(`${base}/v1/agents/${agent}/run`, { query: 'hello', session_id: 's1' })],
      ['MemoryHistory', 'GET /v1/memory/{agent}/history/{session}', json(`${base}/v1/memory/${agent}/history/s1`)],
      ['SemanticResults', 'GET /v1/memory/{agent}/semantic', json(`${base}/v1/memory/${agent}/semantic?query=hello`)],
      ['ToolList', 'GET /v1/tools', json(`${base}/v1/tools`)],
      ['ToolList', 'GET /v1/tools/builtin', json(`${base}/v1/tools/builtin`)],
      ['TraceList', 'GET /v1/traces/', json(`${base}/v1/traces/`)],
      ['Metrics', 'GET /v1/metrics/', json(`${base}/v1/metrics/`)],
      ['SystemStatus', 'GET /v1/system/status', json(`${base}/v1/system/status`)],
      ['DoctorReport', 'GET /v1/system/doctor', json(`${base}/v1/system/doctor`)],
    ];
    const bad: string[] = [];
    for (const [name, what, p] of checks) {
      const { status, body } = await p;
      if (status !== 200) bad.push(`${what}: HTTP ${status} ${JSON.stringify(body).slice(0, 200)}`);
      else {
        const why = problems(astromesh, name, body);
        if (why) bad.push(`${what}: ${why}`);
      }
    }
    expect(bad).toEqual([]);
    const traces = (await json(`${base}/v1/traces/`)).body as { traces: Array<{ trace_id: string }> };
    expect(traces.traces.length).toBeGreaterThan(0);
    expect(problems(astromesh, 'Trace', (await json(`${base}/v1/traces/${traces.traces[0].trace_id}`)).body)).toBe('');
    const state = await json(`${base}/v1/mesh/state`);
    if (state.status === 200) expect(problems(astromesh, 'ClusterState', state.body)).toBe('');
    else expect(state.body).toEqual({ detail: 'Mesh not enabled on this node' });
  });
});
