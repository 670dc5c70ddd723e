/** The admin mock behaves like the real server: routes, status codes, content types, limits, timeouts. */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { adminScenario, fetchRaw, startAdmin } from './admin-helpers.js';
import { adminError, createAdminBackend, type AdminMock } from '../../src/mock/admin/router.js';
import { createRng } from '../../src/mock/rng.js';
import type { AdminScenarioInput } from '../../src/mock/admin/scenario.js';
import type { World } from '../../src/mock/admin/world.js';
import { waitUntil } from '../helpers.js';

type Mock = Awaited<ReturnType<typeof startAdmin>>;

/** Once the mock has taken `n` requests in all (resolves hold their slot from then on, for their latency). */
const arrived = (mock: Mock, n: number) => waitUntil(async () => mock.stats.total.requests, (k) => k >= n, `${n} requests at the mock`, { intervalMs: 5 });

/** Start an admin mock and keep a handle on its world (a second backend on the same seed and clock). */
async function start(admin: AdminScenarioInput = {}, extra: Record<string, unknown> = {}): Promise<{ mock: Mock; world: World }> {
  const scenario = adminScenario(admin, extra);
  const mock = await startAdmin(scenario);
  const twin: AdminMock = createAdminBackend(mock.ctx);
  return { mock, world: twin.world };
}

const enc = encodeURIComponent;
const post = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('admin mock routes', () => {
  let mock: Mock;
  let world: World;
  beforeAll(async () => {
    ({ mock, world } = await start({ procs_per_host: 2, actors_per_proc: 2, resolve_timeout_ms: 300, pyspy: { max_profile_wait_ms: 50 } }));
  });
  afterAll(() => mock?.close());

  it('serves the documents with the real content types', async () => {
    for (const [path, ct] of [
      ['/v1/admin', 'application/json'],
      ['/v1/schema', 'application/json'],
      ['/v1/schema/admin', 'application/json'],
      ['/v1/schema/error', 'application/json'],
      ['/v1/openapi.json', 'application/json'],
      ['/v1/root', 'application/json'],
      ['/v1/tree', 'text/plain; charset=utf-8'],
      ['/SKILL.md', 'text/markdown; charset=utf-8'],
    ]) {
      const r = await fetchRaw(mock.url, path);
      expect(r.status, path).toBe(200);
      expect(r.headers.get('content-type'), path).toBe(ct);
    }
    expect((await fetchRaw(mock.url, '/v1/schema')).json()).toMatchObject({ $id: 'https://monarch.meta.com/schemas/v1/node_payload', title: 'NodePayload' });
    expect((await fetchRaw(mock.url, '/v1/schema/admin')).json()).toMatchObject({ $id: 'https://monarch.meta.com/schemas/v1/admin_info' });
    expect((await fetchRaw(mock.url, '/v1/schema/error')).json()).toMatchObject({ $id: 'https://monarch.meta.com/schemas/v1/error' });
  });

  it('identifies the admin agent', async () => {
    const info = (await fetchRaw(mock.url, '/v1/admin')).json();
    expect(info).toEqual({ actor_id: world.adminActor.ref, proc_id: world.adminActor.proc.ref, host: '127.0.0.1', url: mock.url });
  });

  it('answers the root and resolves references percent-encoded as one segment', async () => {
    const root = (await fetchRaw(mock.url, '/v1/root')).json() as { identity: string; children: string[]; properties: { Root: { started_by: string } } };
    expect(root.identity).toBe('root');
    expect(root.properties.Root.started_by).toBe('tester');
    expect(root.children).toEqual(world.hosts.map((h) => h.ref));
    const host = (await fetchRaw(mock.url, `/v1/${enc(root.children[0])}`)).json() as { identity: string; parent: string };
    expect(host).toMatchObject({ identity: root.children[0], parent: 'root' });
    // axum's wildcard keeps the rest of the path: an unencoded reference resolves too
    const proc = world.hosts[0].procs[0].ref;
    expect((await fetchRaw(mock.url, `/v1/${proc.replace('//', '/%2F')}`)).json()).toMatchObject({ identity: proc });
  });

  it('answers 404 not_found for any reference that does not resolve, 400 for an empty or non-UTF-8 one', async () => {
    const nf = await fetchRaw(mock.url, '/v1/nonexistent_ref_xxxx');
    expect(nf.status).toBe(404);
    expect(nf.headers.get('content-type')).toBe('application/json');
    expect(nf.json()).toEqual({ error: { code: 'not_found', message: expect.stringMatching(/^invalid reference 'nonexistent_ref_xxxx': /) } });
    const absent = await fetchRaw(mock.url, `/v1/${enc('worker<abc>@tcp://10.9.9.9:1')}`);
    expect(absent.status).toBe(404);
    expect((absent.json() as { error: { code: string } }).error.code).toBe('not_found');
    expect((await fetchRaw(mock.url, '/v1/root%2F')).status).toBe(404);
    const empty = await fetchRaw(mock.url, '/v1//');
    expect(empty.status).toBe(400);
    expect(empty.json()).toEqual({ error: { code: 'bad_request', message: 'empty reference' } });
    const bad = await fetchRaw(mock.url, '/v1/%FF%FE');
    expect(bad.status).toBe(400);
    expect((bad.json() as { error: { code: string } }).error.code).toBe('bad_request');
  });

  it('answers 405 for the wrong method and an empty 404 outside the API', async () => {
    const r1 = await fetchRaw(mock.url, '/v1/root', { method: 'POST' });
    expect(r1.status).toBe(405);
    expect(r1.headers.get('allow')).toBe('GET');
    const r2 = await fetchRaw(mock.url, '/v1/query');
    expect(r2.status).toBe(405);
    expect(r2.headers.get('allow')).toBe('POST');
    expect((await fetchRaw(mock.url, `/v1/pyspy_dump/${enc(world.hosts[0].procs[2].ref)}`)).status).toBe(405);
    const r3 = await fetchRaw(mock.url, '/nope');
    expect(r3.status).toBe(404);
    expect(r3.text).toBe('');
  });

  it('fills {base} in SKILL.md (https unless forwarded otherwise) and /v1/tree (http by default)', async () => {
    const host = new URL(mock.url).host;
    const skill = await fetchRaw(mock.url, '/SKILL.md');
    expect(skill.text).toContain(`Base URL: https://${host}\n`);
    expect(skill.text).toContain(`GET https://${host}/v1/schema`);
    expect(skill.text).not.toContain('{base}');
    expect(skill.text).not.toContain('undefined');
    const fwd = await fetchRaw(mock.url, '/SKILL.md', { headers: { 'x-forwarded-proto': 'http' } });
    expect(fwd.text).toContain(`Base URL: http://${host}\n`);
    const tree = await fetchRaw(mock.url, '/v1/tree');
    expect(tree.text.split('\n')[0]).toBe(`${world.hosts[0].addr}  ->  http://${host}/v1/${enc(world.hosts[0].ref)}`);
  });

  it('returns each error code with the status of the real mapping', () => {
    const cases: [string, number][] = [['not_found', 404], ['bad_request', 400], ['gateway_timeout', 504], ['service_unavailable', 503], ['internal_error', 500], ['proxy_error', 500], ['profile_failed', 500]];
    for (const [code, status] of cases) {
      const a = adminError(code);
      expect(a.status).toBe(status);
      expect(a.contentType).toBe('application/json');
      const body = JSON.parse(a.body) as { error: { code: string; message: string } };
      expect(body.error.code).toBe(code);
      expect(body.error.message.length).toBeGreaterThan(0);
    }
    expect(JSON.parse(adminError('service_unavailable').body).error.message).toBe('too many concurrent introspection requests');
    expect(JSON.parse(adminError('gateway_timeout').body).error.message).toBe('timed out resolving reference');
  });

  it('serves py-spy dumps of user and service procs; refuses what is not a reachable proc', async () => {
    const user = world.hosts[0].procs[2].ref;
    const ok = await fetchRaw(mock.url, `/v1/pyspy/${enc(user)}`);
    expect(ok.status).toBe(200);
    const frames = ((ok.json() as { Ok: { stack_traces: { frames: { name: string }[] }[] } }).Ok.stack_traces.flatMap((t) => t.frames.map((f) => f.name)));
    expect(frames).toEqual(expect.arrayContaining(['_cpu_burn_loop', 'do_cpu_work', 'process_batch', 'work_forever']));
    expect((await fetchRaw(mock.url, `/v1/pyspy/${enc(world.hosts[0].procs[0].ref)}`)).status).toBe(200);
    const local = await fetchRaw(mock.url, `/v1/pyspy/${enc(world.hosts[0].procs[1].ref)}`);
    expect(local.status).toBe(404);
    expect((local.json() as { error: { code: string } }).error.code).toBe('not_found');
    expect((await fetchRaw(mock.url, `/v1/pyspy/${enc('worker<zzz>@tcp://10.1.1.1:1')}`)).status).toBe(404);
    const actor = await fetchRaw(mock.url, `/v1/pyspy/${enc(world.hosts[0].procs[2].actors[0].ref)}`);
    expect(actor.status).toBe(400);
    expect((await fetchRaw(mock.url, '/v1/pyspy/not-a-proc')).status).toBe(400);
  });

  it('records profiles as SVG and validates the options first', async () => {
    const proc = enc(world.hosts[0].procs[2].ref);
    const opts = { duration_s: 1, rate_hz: 50, native: false, threads: true, nonblocking: false };
    const svg = await fetchRaw(mock.url, `/v1/pyspy_profile_svg/${proc}`, post(opts));
    expect(svg.status).toBe(200);
    expect(svg.headers.get('content-type')).toBe('image/svg+xml');
    expect(svg.text).toMatch(/^<\?xml[^>]*>\s*<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg.text).toContain('_cpu_burn_loop');
    expect(svg.text.trim().endsWith('</svg>')).toBe(true);
    const bad = async (body: unknown, message: string | RegExp) => {
      const r = await fetchRaw(mock.url, `/v1/pyspy_profile_svg/${proc}`, post(body));
      expect(r.status).toBe(400);
      expect((r.json() as { error: { code: string; message: string } }).error).toEqual({ code: 'bad_request', message: expect.stringMatching(message) });
    };
    await bad({ ...opts, duration_s: 0 }, /^duration_s must be positive$/);
    await bad({ ...opts, duration_s: 301 }, /^duration_s 301s exceeds max 300s$/);
    await bad({ ...opts, rate_hz: 0 }, /^rate_hz must be 1\.\.=1000, got 0$/);
    await bad({ ...opts, rate_hz: 1001 }, /^rate_hz must be 1\.\.=1000, got 1001$/);
    await bad({ duration_s: 5 }, /missing field `rate_hz`/);
    await bad('{', /invalid profile options/);
  });

  it('dumps config entries sorted by name; a proc without a handler times out (no preflight probe)', async () => {
    const r = await fetchRaw(mock.url, `/v1/config/${enc(world.hosts[0].procs[2].ref)}`);
    expect(r.status).toBe(200);
    const names = (r.json() as { entries: { name: string }[] }).entries.map((e) => e.name);
    expect(names).toEqual([...names].sort());
    expect(names).toContain('hyperactor::config::codec_max_frame_length');
    const local = await fetchRaw(mock.url, `/v1/config/${enc(world.hosts[0].procs[1].ref)}`);
    expect(local.status).toBe(504);
    expect((local.json() as { error: { code: string } }).error.code).toBe('gateway_timeout');
  });

  it('runs SQL on the telemetry store and stores py-spy dumps in it', async () => {
    const q = await fetchRaw(mock.url, '/v1/query', post({ sql: 'SELECT table_name FROM information_schema.tables ORDER BY table_name' }));
    expect(q.status).toBe(200);
    expect((q.json() as { rows: { table_name: string }[] }).rows.map((r) => r.table_name)).toEqual(expect.arrayContaining(['actors', 'pyspy_dumps', 'pyspy_stack_traces', 'pyspy_frames']));
    const count = (await fetchRaw(mock.url, '/v1/query', post({ sql: 'SELECT count(*) AS n FROM actors' }))).json() as { rows: { n: number }[] };
    expect(count.rows[0].n).toBe(world.size.actors);
    const bad = await fetchRaw(mock.url, '/v1/query', post({ sql: 'SELECT FROM WHERE' }));
    expect(bad.status).toBe(400);
    expect((bad.json() as { error: { code: string } }).error.code).toBe('bad_request');
    expect((await fetchRaw(mock.url, '/v1/query', post({ query: 'x' }))).status).toBe(400);
    expect((await fetchRaw(mock.url, '/v1/query', post('not json'))).status).toBe(400);

    const proc = world.hosts[1].procs[3].ref;
    const d = await fetchRaw(mock.url, `/v1/pyspy_dump/${enc(proc)}`, { method: 'POST' });
    expect(d.status).toBe(200);
    const { dump_id } = d.json() as { dump_id: string };
    expect(dump_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const rows = (await fetchRaw(mock.url, '/v1/query', post({ sql: `SELECT * FROM pyspy_dumps WHERE dump_id = '${dump_id}'` }))).json() as { rows: Record<string, unknown>[] };
    expect(rows.rows).toHaveLength(1);
    expect(rows.rows[0]).toMatchObject({ dump_id, proc_ref: proc, result: 'Ok' });
    const frames = (await fetchRaw(mock.url, '/v1/query', post({ sql: `SELECT name FROM pyspy_frames WHERE dump_id = '${dump_id}'` }))).json() as { rows: { name: string }[] };
    expect(frames.rows.map((f) => f.name)).toContain('do_cpu_work');
  });
});

describe('admin mock limits and timeouts', () => {
  it('refuses resolves over the concurrency limit at once with 503, and the tree shares the limit', async () => {
    const { mock } = await start({ hosts: 1, procs_per_host: 1, latency_ms: 1000 });
    try {
      const started = Date.now();
      // the third request comes while the first two are resolving (they take a second)
      const two = Promise.all([fetchRaw(mock.url, '/v1/root'), fetchRaw(mock.url, '/v1/root')]);
      await arrived(mock, 2);
      const results = [...(await Promise.all([two, fetchRaw(mock.url, '/v1/tree')])).flat()];
      expect(results.map((r) => r.status)).toEqual([200, 200, 503]);
      expect(results[2].json()).toEqual({ error: { code: 'service_unavailable', message: 'too many concurrent introspection requests' } });
      expect(Date.now() - started).toBeGreaterThanOrEqual(350);
      // the documents are not limited
      const twoMore = Promise.all([fetchRaw(mock.url, '/v1/root'), fetchRaw(mock.url, '/v1/root')]);
      await arrived(mock, 5);
      const more = [...(await Promise.all([twoMore, fetchRaw(mock.url, '/v1/admin')])).flat()];
      expect(more.map((r) => r.status)).toEqual([200, 200, 200]);
    } finally {
      await mock.close();
    }
  });

  it('takes its limit from the scenario', async () => {
    const { mock } = await start({ hosts: 1, procs_per_host: 0, latency_ms: 1000, resolve_limit: 4 });
    try {
      // the fifth request comes while the first four are resolving (they take a second)
      const four = Promise.all(Array.from({ length: 4 }, () => fetchRaw(mock.url, '/v1/root').then((x) => x.status)));
      await arrived(mock, 4);
      const results = (await Promise.all([four, fetchRaw(mock.url, '/v1/root').then((x) => x.status)])).flat();
      expect(results).toEqual([200, 200, 200, 200, 503]);
      const root = (await fetchRaw(mock.url, '/v1/root')).json() as { children: string[] };
      const host = (await fetchRaw(mock.url, `/v1/${enc(root.children[0])}`)).json() as { children: string[] };
      const cfg = (await fetchRaw(mock.url, `/v1/config/${enc(host.children[0])}`)).json() as { entries: { name: string; value: string }[] };
      expect(cfg.entries.find((e) => e.name.endsWith('mesh_admin_max_concurrent_resolves'))?.value).toBe('4');
    } finally {
      await mock.close();
    }
  });

  it('answers 504 gateway_timeout after the resolve timeout, 404 for a node that has gone, and delays slow nodes', async () => {
    const { mock, world } = await start({ hosts: 2, procs_per_host: 1, actors_per_proc: 2, resolve_timeout_ms: 250, tree_timeout_ms: 200, hung: [{ host: 1 }], missing: [{ host: 0, proc: 0, actor: 1 }], slow: [{ host: 0, proc: 0, latency_ms: 120 }] });
    try {
      let t = Date.now();
      const hung = await fetchRaw(mock.url, `/v1/${enc(world.hosts[1].ref)}`);
      expect(hung.status).toBe(504);
      expect(hung.json()).toEqual({ error: { code: 'gateway_timeout', message: 'timed out resolving reference' } });
      expect(Date.now() - t).toBeGreaterThanOrEqual(240);
      const gone = world.select({ host: 0, proc: 0, actor: 1 }).ref;
      const proc = (await fetchRaw(mock.url, `/v1/${enc(world.hosts[0].procs[2].ref)}`)).json() as { children: string[] };
      expect(proc.children).toContain(gone);
      expect((await fetchRaw(mock.url, `/v1/${enc(gone)}`)).status).toBe(404);
      t = Date.now();
      expect((await fetchRaw(mock.url, `/v1/${enc(world.hosts[0].procs[2].ref)}`)).status).toBe(200);
      expect(Date.now() - t).toBeGreaterThanOrEqual(110);
      // the proc routes of a hung host time out too
      expect((await fetchRaw(mock.url, `/v1/pyspy/${enc(world.hosts[1].procs[2].ref)}`)).status).toBe(504);
      // the tree prints what does not resolve
      const tree = await fetchRaw(mock.url, '/v1/tree');
      expect(tree.text).toContain(`${gone} (unreachable)`);
      expect(tree.text).toContain(`${world.hosts[1].ref} (unreachable)`);
    } finally {
      await mock.close();
    }
  });

  it('answers each py-spy variant by scenario, and profiles map them to HTTP errors', async () => {
    for (const [result, status, code] of [['BinaryNotFound', 503, 'service_unavailable'], ['Failed', 500, 'profile_failed']] as const) {
      const { mock, world } = await start({ hosts: 1, procs_per_host: 1, pyspy: { result } });
      try {
        const proc = enc(world.hosts[0].procs[2].ref);
        const r = (await fetchRaw(mock.url, `/v1/pyspy/${proc}`)).json() as Record<string, unknown>;
        expect(Object.keys(r)).toEqual([result]);
        const svg = await fetchRaw(mock.url, `/v1/pyspy_profile_svg/${proc}`, post({ duration_s: 1, rate_hz: 10, native: false, threads: false, nonblocking: false }));
        expect(svg.status).toBe(status);
        expect((svg.json() as { error: { code: string } }).error.code).toBe(code);
      } finally {
        await mock.close();
      }
    }
  });

  it('answers 404 for query and dump when no telemetry is configured', async () => {
    const { mock, world } = await start({ hosts: 1, procs_per_host: 1, telemetry: false });
    try {
      expect((await fetchRaw(mock.url, '/v1/query', post({ sql: 'SELECT 1' }))).status).toBe(404);
      const d = await fetchRaw(mock.url, `/v1/pyspy_dump/${enc(world.hosts[0].procs[2].ref)}`, { method: 'POST' });
      expect(d.status).toBe(404);
      expect((d.json() as { error: { code: string } }).error.code).toBe('not_found');
    } finally {
      await mock.close();
    }
  });

  it('serves the error envelope for injected faults', async () => {
    const { mock } = await start({ hosts: 1 }, { faults: [{ backend: 'admin', route: 'GET /v1/{*reference}', errors: { service_unavailable: 1 } }] });
    try {
      const r = await fetchRaw(mock.url, '/v1/root');
      expect(r.status).toBe(503);
      expect(r.json()).toEqual({ error: { code: 'service_unavailable', message: 'too many concurrent introspection requests' } });
      expect((await fetchRaw(mock.url, '/v1/admin')).status).toBe(200);
    } finally {
      await mock.close();
    }
  });
});

describe('admin mock backend', () => {
  it('builds without a server for direct use', () => {
    const b = createAdminBackend({ scenario: adminScenario(), rng: createRng(1), clock: { now: () => Date.now(), speed: 1 }, urls: {}, env: {} });
    expect(b.world.size.hosts).toBe(2);
    expect(b.inflight()).toBe(0);
    expect(b.notFound({} as never).status).toBe(404);
  });
});
