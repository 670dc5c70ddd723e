/**
 * The asya mock in-process (real HTTP on free ports) against the real server's behaviour, and the
 * client's watch against it: framing, status order, reaper, stream cuts, 100 concurrent watchers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AsyaClient, type WatchEvent } from '../../src/backends/asya/client.js';
import { Envelope, EnvelopeList } from '../../src/backends/asya/models.js';
import { HttpClient } from '../../src/http/client.js';
import { MeshError } from '../../src/errors.js';
import { createAsyaMock } from '../../src/mock/asya/router.js';
import { Scenario } from '../../src/mock/scenario.js';
import { startMock, type MockHandle } from '../../src/mock/server.js';

const scenario = Scenario.parse({
  name: 'asya-unit',
  seed: 11,
  asya: {
    keepalive_s: 0.05,
    backstop_interval_s: 0.05,
    history: 4,
    actors: [
      { name: 'echo', text: 'hello from the mesh', pickup_ms: [5, 20], token_ms: [1, 5], await_subscriber_ms: 2000 },
      { name: 'quick', text: 'a b c', pickup_ms: [5, 40], token_ms: [1, 10] },
      { name: 'failer', text: 'trying', outcome: 'failed', error: 'boom', pickup_ms: [5, 40], token_ms: [1, 10] },
      { name: 'stuck', text: 'started', outcome: 'hang', pickup_ms: 5, token_ms: 1 },
      { name: 'cutter', text: 'one two three four five six seven eight', pickup_ms: 5, token_ms: 15, await_subscriber_ms: 2000, cut_stream: { after_events: 3, times: 2 } },
    ],
  },
});

let mock: MockHandle;
let ext: string;
let int: string;
let http: HttpClient;
let httpInt: HttpClient;
let asya: AsyaClient;

beforeAll(async () => {
  mock = await startMock({ scenario, factories: [createAsyaMock], only: ['asya', 'asyaInternal'], portBase: 0 });
  ext = mock.urls.asya;
  int = mock.urls.asyaInternal;
  http = new HttpClient({ backend: 'asya', url: ext }, { connections: 256, timeoutMs: 10_000 });
  httpInt = new HttpClient({ backend: 'asya', url: int }, { connections: 64, timeoutMs: 10_000 });
  asya = new AsyaClient(http, httpInt);
});

afterAll(async () => {
  await http?.close();
  await httpInt?.close();
  await mock?.close();
});

const create = async (actor: string, body: unknown = {}) => {
  const r = await fetch(`${ext}/api/v1/mesh/?actor=${actor}`, { method: 'POST', body: JSON.stringify(body) });
  expect(r.status).toBe(201);
  return ((await r.json()) as { id: string }).id;
};

const publish = (id: string, event: unknown) => fetch(`${int}/api/v1/mesh/${id}/events`, { method: 'POST', body: JSON.stringify(event) });

async function getEnv(id: string): Promise<Envelope> {
  const r = await fetch(`${ext}/api/v1/mesh/${id}`);
  expect(r.status).toBe(200);
  return Envelope.parse(await r.json());
}

async function expectGoError(r: Response, status: number, body: string) {
  expect(r.status).toBe(status);
  expect(r.headers.get('content-type')).toBe('text/plain; charset=utf-8');
  expect(r.headers.get('x-content-type-options')).toBe('nosniff');
  expect(await r.text()).toBe(body);
}

describe('asya mock: create, get, list', () => {
  it('creates with 201 {"id"} (json.Encoder newline), stamps x-asya-gateway-url and a second-precision deadline_at', async () => {
    const r = await fetch(`${ext}/api/v1/mesh/?actor=manual&namespace=other`, { method: 'POST', body: JSON.stringify({ payload: { q: 1 }, headers: { trace_id: 'abc', 'x-asya-gateway-url': 'spoofed' }, timeout: 300 }) });
    expect(r.status).toBe(201);
    expect(r.headers.get('content-type')).toBe('application/json');
    const text = await r.text();
    expect(text.endsWith('}\n')).toBe(true);
    const { id } = JSON.parse(text);
    const env = await getEnv(id);
    expect(Object.keys(env).sort()).toEqual(['created_at', 'data', 'id', 'status', 'updated_at']);
    expect(env.status).toBe('pending');
    expect(env.data).toMatchObject({ actor: 'manual', payload: { q: 1 }, headers: { trace_id: 'abc', 'x-asya-gateway-url': int }, status: 'pending' });
    expect(env.data!.deadline_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const deadline = Date.parse(env.data!.deadline_at!);
    expect(deadline - Date.parse(env.created_at)).toBeGreaterThan(298_000);
    expect(deadline - Date.parse(env.created_at)).toBeLessThanOrEqual(300_000);
  });

  it('answers errors as Go http.Error text/plain bodies', async () => {
    await expectGoError(await fetch(`${ext}/api/v1/mesh/`, { method: 'POST', body: '{}' }), 400, '{"error":"actor query parameter required"}\n');
    await expectGoError(await fetch(`${ext}/api/v1/mesh/?actor=x`, { method: 'POST' }), 400, '{"error":"invalid JSON body"}\n');
    await expectGoError(await fetch(`${ext}/api/v1/mesh/?actor=x`, { method: 'POST', body: '[1]' }), 400, '{"error":"invalid JSON body"}\n');
    await expectGoError(await fetch(`${ext}/api/v1/mesh/?actor=x`, { method: 'POST', body: '{"timeout":"soon"}' }), 400, '{"error":"invalid JSON body"}\n');
    await expectGoError(await fetch(`${ext}/api/v1/mesh/?actor=x`, { method: 'POST', body: '{"route":{}}' }), 400, '{"error":"routing fields (route, route_next, next) are not allowed; use ?actor= for entrypoint only"}\n');
    await expectGoError(await fetch(`${ext}/api/v1/mesh/nope`), 404, '{"error":"not found"}\n');
    await expectGoError(await fetch(`${ext}/api/v1/mesh/nope`, { method: 'DELETE' }), 404, '{"error":"not found"}\n');
    await expectGoError(await fetch(`${ext}/api/v1/mesh/nope/events`), 404, '{"error":"not found"}\n');
    await expectGoError(await publish('nope', { type: 'status', status: 'running' }), 404, '{"error":"not found"}\n');
    await expectGoError(await fetch(`${int}/api/v1/mesh/nope/events`, { method: 'POST', body: 'not json' }), 400, '{"error":"invalid JSON body"}\n');
  });

  it('routes like Go ServeMux: 301 without the trailing slash, plain 404 and 405, wrong port 405', async () => {
    const r = await fetch(`${ext}/api/v1/mesh?status=failed`, { redirect: 'manual' });
    expect(r.status).toBe(301);
    expect(r.headers.get('location')).toBe('/api/v1/mesh/?status=failed');
    expect((await fetch(`${int}/api/v1/mesh`, { redirect: 'manual', method: 'POST' })).status).toBe(301);
    const id = await create('manual');
    await expectGoError(await fetch(`${ext}/api/v1/mesh/${id}/foo`), 404, '404 page not found\n');
    await expectGoError(await fetch(`${ext}/nowhere`), 404, '404 page not found\n');
    await expectGoError(await fetch(`${ext}/api/v1/mesh/${id}`, { method: 'PUT' }), 405, 'method not allowed\n');
    // The wrong port: publishing on the external one, streaming or canceling on the internal one.
    await expectGoError(await fetch(`${ext}/api/v1/mesh/${id}/events`, { method: 'POST', body: '{"type":"fly"}' }), 405, 'method not allowed\n');
    await expectGoError(await fetch(`${int}/api/v1/mesh/${id}/events`), 405, 'method not allowed\n');
    await expectGoError(await fetch(`${int}/api/v1/mesh/${id}`, { method: 'DELETE' }), 405, 'method not allowed\n');
    await expectGoError(await fetch(`${int}/api/v1/mesh/`), 404, '404 page not found\n');
    // The internal GET is the sidecars' heartbeat check.
    expect(((await (await fetch(`${int}/api/v1/mesh/${id}`)).json()) as Envelope).id).toBe(id);
    expect(await (await fetch(`${int}/health`)).text()).toBe('OK\n');
  });

  it('lists newest first with total counted before paging; bad limit and offset are ignored', async () => {
    const ids = [await create('manual'), await create('manual'), await create('manual')];
    const all = EnvelopeList.parse(await (await fetch(`${ext}/api/v1/mesh/`)).json());
    const created = all.messages.map((m) => m.created_at);
    expect([...created].sort().reverse()).toEqual(created);
    expect(all.messages.slice(0, 3).map((m) => m.id)).toEqual([...ids].reverse());
    const page = EnvelopeList.parse(await (await fetch(`${ext}/api/v1/mesh/?limit=2&offset=1`)).json());
    expect(page.messages.map((m) => m.id)).toEqual([ids[1], ids[0]]);
    expect(page.total).toBe(all.total);
    const ignored = EnvelopeList.parse(await (await fetch(`${ext}/api/v1/mesh/?limit=zero&offset=-3`)).json());
    expect(ignored.messages).toHaveLength(all.total);
    const failed = EnvelopeList.parse(await (await fetch(`${ext}/api/v1/mesh/?status=failed`)).json());
    expect(failed.messages.every((m) => m.status === 'failed')).toBe(true);
    const none = await (await fetch(`${ext}/api/v1/mesh/?status=nothing`)).text();
    expect(none).toBe('{"messages":[],"total":0}\n');
    // listAll pages through everything once.
    const paged = await asya.listAll({ pageSize: 3 });
    expect(paged.messages.map((m) => m.id)).toEqual(all.messages.map((m) => m.id));
    expect(paged.pages).toBeGreaterThan(1);
  });
});

describe('asya mock: status order, fly, cancel, reaper', () => {
  it('ignores a stale running after succeeded (204, status unchanged) and a second terminal', async () => {
    const id = await create('manual');
    expect((await publish(id, { type: 'status', status: 'running', data: { actor: 'manual', progress: 50 } })).status).toBe(204);
    expect((await getEnv(id)).data).toMatchObject({ progress: 50, status: 'running' });
    expect((await publish(id, { type: 'status', status: 'succeeded', data: { result: { ok: true } } })).status).toBe(204);
    expect((await publish(id, { type: 'status', status: 'running', data: { progress: 10 } })).status).toBe(204);
    expect((await publish(id, { type: 'status', status: 'failed', data: { error: 'late' } })).status).toBe(204);
    const env = await getEnv(id);
    expect(env.status).toBe('succeeded');
    expect(env.data).toMatchObject({ progress: 50, result: { ok: true }, status: 'succeeded' });
    expect(env.data!.error).toBeUndefined();
  });

  it('never stores fly events, and accepts them for unknown ids', async () => {
    const id = await create('manual');
    const before = await getEnv(id);
    expect((await publish(id, { type: 'fly', data: { text: 'token' } })).status).toBe(204);
    expect(await getEnv(id)).toEqual(before);
    expect((await publish('no-such-id', { type: 'fly', data: { text: 'x' } })).status).toBe(204);
  });

  it('cancels idempotently: 204 twice; a final envelope stays as it is', async () => {
    const id = await create('manual');
    expect((await fetch(`${ext}/api/v1/mesh/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await fetch(`${ext}/api/v1/mesh/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await getEnv(id)).status).toBe('canceled');
    const done = await create('manual');
    await publish(done, { type: 'status', status: 'succeeded' });
    expect((await fetch(`${ext}/api/v1/mesh/${done}`, { method: 'DELETE' })).status).toBe(204);
    expect((await getEnv(done)).status).toBe('succeeded');
  });

  it('keeps envelopes of actors nobody simulates pending', async () => {
    const id = await create('nobody-consumes-this');
    await new Promise((r) => setTimeout(r, 300));
    expect((await getEnv(id)).status).toBe('pending');
  });

  it('reaps expired envelopes with "task timed out", keeping deadline_at', async () => {
    const id = await create('stuck', { timeout: 1 });
    const gen = asya.watch(id, { idleMs: 5_000 });
    let result;
    for (;;) {
      const n = await gen.next();
      if (n.done) {
        result = n.value;
        break;
      }
    }
    expect(result).toMatchObject({ status: 'failed', data: { error: 'task timed out' } });
    const env = await getEnv(id);
    expect(env.status).toBe('failed');
    expect(env.data).toMatchObject({ error: 'task timed out', actor: 'stuck' });
    expect(env.data!.deadline_at).toBeDefined();
  });
});

describe('asya mock: SSE', () => {
  async function readAll(url: string): Promise<{ res: Response; text: string }> {
    const res = await fetch(url);
    return { res, text: await res.text() };
  }

  it('sends exactly one catch-up event and closes for a final envelope', async () => {
    const id = await create('manual');
    await publish(id, { type: 'status', status: 'failed', data: { error: 'x' } });
    const { res, text } = await readAll(`${ext}/api/v1/mesh/${id}/events`);
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(text.match(/^event: /gm)).toHaveLength(1);
    expect(text).toMatch(/^event: status\ndata: \{.*"status":"failed".*\}\n\n$/);
    expect(text).not.toMatch(/^(id|retry):/m);
  });

  it('streams live events with the real framing and :keepalive comments, closing after the terminal status', async () => {
    const id = await create('manual');
    const res = await fetch(`${ext}/api/v1/mesh/${id}/events`);
    const reader = res.body!.getReader();
    const dec = new TextDecoder();
    let text = '';
    const until = async (re: RegExp) => {
      while (!re.test(text)) {
        const { value, done } = await reader.read();
        if (done) return;
        text += dec.decode(value, { stream: true });
      }
    };
    await until(/:keepalive\n\n/);
    await publish(id, { type: 'fly', data: { text: 'tok' } });
    await until(/event: fly/);
    await publish(id, { type: 'status', status: 'running', data: { actor: 'manual', progress: 50 } });
    await publish(id, { type: 'status', status: 'succeeded' });
    await until(/\u0000never/);
    const events = text.split('\n\n').filter((b) => b.startsWith('event:'));
    expect(events).toEqual([
      expect.stringMatching(/^event: status\ndata: \{"actor":"manual",.*"status":"pending"\}$/),
      'event: fly\ndata: {"text":"tok"}',
      'event: status\ndata: {"actor":"manual","progress":50}',
      'event: status\ndata: {}',
    ]);
  });
});

describe('asya client watch', () => {
  it('follows a simulated actor: catch-up first, every fly token, final status', async () => {
    const id = (await asya.create('echo', { payload: { q: 'hi' } })).id;
    const events: WatchEvent[] = [];
    const gen = asya.watch(id);
    let n;
    while (!(n = await gen.next()).done) events.push(n.value);
    expect(n.value.status).toBe('succeeded');
    expect(events[0]).toMatchObject({ type: 'status', catchUp: true, status: 'pending' });
    expect(events.filter((e) => e.type === 'fly').map((e) => (e as { text: string }).text).join('')).toBe('hello from the mesh');
  });

  it('reconnects when the stream is cut before the final status, and still ends right', async () => {
    const id = (await asya.create('cutter')).id;
    const events: WatchEvent[] = [];
    const gen = asya.watch(id, { backoffMs: 20 });
    let n;
    while (!(n = await gen.next()).done) events.push(n.value);
    expect(n.value.status).toBe('succeeded');
    expect(events.filter((e) => e.type === 'reconnecting')).toHaveLength(2);
    expect(events.filter((e) => e.type === 'reconnected')).toHaveLength(2);
    expect((await asya.get(id)).status).toBe('succeeded');
  });

  it('fails at once with not_found for an unknown envelope', async () => {
    const gen = asya.watch('does-not-exist');
    await expect(gen.next()).rejects.toMatchObject({ kind: 'not_found', status: 404 });
  });

  it('publishes through the internal port and refuses without one', async () => {
    const id = (await asya.create('manual')).id;
    await asya.publish(id, { type: 'status', status: 'paused', data: {} });
    expect((await asya.get(id, 'internal')).status).toBe('paused');
    const noInternal = new AsyaClient(http);
    await expect(noInternal.publish(id, { type: 'fly' })).rejects.toBeInstanceOf(MeshError);
  });

  it('watches 100 envelopes at once and every one ends with its own status', async () => {
    const plan: Array<{ actor: string; expect: string; timeout?: number; cancel?: boolean }> = [];
    for (let i = 0; i < 100; i++) {
      if (i % 5 === 0) plan.push({ actor: 'failer', expect: 'failed' });
      else if (i % 5 === 1) plan.push({ actor: 'manual', expect: 'canceled', cancel: true });
      else if (i % 5 === 2) plan.push({ actor: 'stuck', expect: 'failed', timeout: 1 });
      else plan.push({ actor: 'quick', expect: 'succeeded' });
    }
    const ids = await Promise.all(plan.map((p) => asya.create(p.actor, p.timeout ? { timeout: p.timeout } : {}).then((r) => r.id)));
    expect(new Set(ids).size).toBe(100);
    const watchers = ids.map(async (id) => {
      const gen = asya.watch(id, { idleMs: 10_000 });
      let n;
      let sawCatchUp = false;
      while (!(n = await gen.next()).done) if (n.value.type === 'status' && n.value.catchUp) sawCatchUp = true;
      return { id, status: n.value.status, sawCatchUp };
    });
    await new Promise((r) => setTimeout(r, 100));
    await Promise.all(ids.filter((_, i) => plan[i].cancel).map((id) => asya.cancel(id)));
    const results = await Promise.all(watchers);
    results.forEach((r, i) => {
      expect(r.sawCatchUp).toBe(true);
      expect(r.status, `${plan[i].actor} envelope ${r.id}`).toBe(plan[i].expect);
    });
    const stored = await Promise.all(ids.map((id) => asya.get(id)));
    expect(stored.map((e) => e.status)).toEqual(plan.map((p) => p.expect));
    expect(stored.filter((e, i) => plan[i].timeout).every((e) => e.data?.error === 'task timed out')).toBe(true);
  }, 30_000);
});
