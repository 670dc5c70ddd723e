/**
 * The admin mock reuses a node's answer for every request that reads the simulated clock at the
 * same time: the reused answer is byte for byte the one it would build afresh, anything that
 * changes what a node shows (the clock, a scheduled failure, a fault) shows in the next answer, and
 * the statistics of `mock serve` still count every request.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { createAdminBackend, type AdminMock } from '../../src/mock/admin/router.js';
import { Router } from '../../src/mock/router.js';
import { createRng } from '../../src/mock/rng.js';
import { startMock, type MockHandle } from '../../src/mock/server.js';
import { adminScenario, fetchRaw } from '../contract/admin-helpers.js';
import { waitUntil } from '../helpers.js';
import type { AdminScenarioInput } from '../../src/mock/admin/scenario.js';

interface Started {
  mock: MockHandle;
  url: string;
  /** The backend the server answers from (its world is the one the answers come from). */
  admin: AdminMock;
  /** Stop the simulated clock at `t` (the world reads the mock's clock on every request). */
  freeze(t: number): void;
}

let running: MockHandle | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

async function start(admin: AdminScenarioInput = {}, extra: Record<string, unknown> = {}): Promise<Started> {
  let backend: AdminMock | undefined;
  const mock = await startMock({
    scenario: adminScenario(admin, extra),
    factories: [(ctx) => ({ admin: (backend = createAdminBackend(ctx)) })],
    only: ['admin'],
    portBase: 0,
    env: { USER: 'tester' },
  });
  running = mock;
  const clock = mock.ctx.clock as { now(): number };
  return {
    mock,
    url: mock.urls.admin,
    admin: backend!,
    freeze: (t) => {
      clock.now = () => t;
    },
  };
}

const enc = encodeURIComponent;

describe('admin mock answers reused within one tick of the clock', () => {
  it('a reused answer is byte for byte the one built afresh, for the root, a host, a proc and an actor', async () => {
    const { url, admin, freeze } = await start({ procs_per_host: 1, actors_per_proc: 2, child_actors: 1, stopped_per_proc: 1, stalled: [{ host: 0, proc: 0, actor: 0 }] });
    const w = admin.world;
    const proc = w.hosts[0].procs.find((p) => p.role === 'user')!;
    const refs = ['root', w.hosts[1].ref, proc.ref, proc.actors[2].ref, proc.actors[proc.actors.length - 1].ref, proc.stopped[0].ref];
    for (const t of [w.origin + 1234, w.origin + 987_654.5]) {
      freeze(t);
      for (const ref of refs) {
        const path = ref === 'root' ? '/v1/root' : `/v1/${enc(ref)}`;
        const first = await fetchRaw(url, path);
        const again = await fetchRaw(url, path);
        const fresh = JSON.stringify(w.resolve(ref, t));
        expect(first.status, ref).toBe(200);
        expect(first.text, ref).toBe(fresh);
        expect(again.text, ref).toBe(fresh);
        expect(again.headers.get('content-length'), ref).toBe(String(Buffer.byteLength(fresh)));
        expect(again.headers.get('content-type'), ref).toBe('application/json');
      }
    }
  });

  it('builds a node payload once for the requests that read the clock at one time', async () => {
    const { url, admin, freeze } = await start();
    const t = admin.world.origin + 5000;
    freeze(t);
    const resolve = vi.spyOn(admin.world, 'resolve');
    const bodies = new Set<string>();
    for (let i = 0; i < 5; i++) bodies.add((await fetchRaw(url, '/v1/root')).text);
    expect(bodies.size).toBe(1);
    expect(resolve.mock.calls.filter(([ref]) => ref === 'root')).toHaveLength(1);
  });

  it('the clock moving on shows in the next answer', async () => {
    const { url, admin, freeze } = await start();
    const t = admin.world.origin + 10_000;
    freeze(t);
    expect((await fetchRaw(url, '/v1/root')).json()).toMatchObject({ as_of: new Date(t).toISOString() });
    freeze(t + 1);
    expect((await fetchRaw(url, '/v1/root')).json()).toMatchObject({ as_of: new Date(t + 1).toISOString() });
    // a host's memory follows the clock too
    const host = `/v1/${enc(admin.world.hosts[0].ref)}`;
    const before = (await fetchRaw(url, host)).text;
    freeze(t + 60_000);
    const after = (await fetchRaw(url, host)).text;
    expect(after).not.toBe(before);
    expect(after).toBe(JSON.stringify(admin.world.resolve(admin.world.hosts[0].ref, t + 60_000)));
  });

  it("a failure the scenario schedules shows in the failed actor's next answer", async () => {
    const { url, admin, freeze } = await start({ procs_per_host: 1, actors_per_proc: 1, failures: [{ host: 0, proc: 0, actor: 0, after_s: 30, message: 'boom' }] });
    const w = admin.world;
    const actor = w.hosts[0].procs.find((p) => p.role === 'user')!.actors.find((a) => a.role === 'user')!;
    const path = `/v1/${enc(actor.ref)}`;
    const status = async () => ((await fetchRaw(url, path)).json() as { properties: { Actor: { actor_status: string } } }).properties.Actor.actor_status;
    freeze(w.origin + 29_999);
    expect(await status()).not.toMatch(/^failed/);
    expect(await status()).not.toMatch(/^failed/);
    freeze(w.origin + 30_000);
    expect(await status()).toBe('failed: boom');
  });

  it('a fault added while the mock runs answers the next request; without it the kept answer comes back', async () => {
    const { mock, url, admin, freeze } = await start();
    const t = admin.world.origin + 1000;
    freeze(t);
    const ok = await fetchRaw(url, '/v1/root');
    expect(ok.status).toBe(200);
    mock.scenario.faults.push({ backend: 'admin', route: 'GET /v1/{*reference}', errors: { service_unavailable: 1 } });
    const refused = await fetchRaw(url, '/v1/root');
    expect(refused.status).toBe(503);
    expect(refused.json()).toEqual({ error: { code: 'service_unavailable', message: 'too many concurrent introspection requests' } });
    mock.scenario.faults.pop();
    const again = await fetchRaw(url, '/v1/root');
    expect(again.status).toBe(200);
    expect(again.text).toBe(ok.text);
    expect(mock.stats.routes.get('admin GET /v1/{*reference}')?.errors).toEqual({ service_unavailable: 1 });
  });

  it('the resolve limit still refuses a request whose answer is kept', async () => {
    const { url, admin, freeze } = await start({ latency_ms: 300, resolve_limit: 1 });
    freeze(admin.world.origin + 1000);
    const first = await fetchRaw(url, '/v1/root');
    expect(first.status).toBe(200);
    const [a, b] = await Promise.all([fetchRaw(url, '/v1/root'), fetchRaw(url, '/v1/root')]);
    expect([a.status, b.status].sort()).toEqual([200, 503]);
    expect([a.text, b.text]).toContain(first.text);
  });

  it('nodes listed but gone keep answering 404 and contract breaks stay in a reused answer', async () => {
    const { url, admin, freeze } = await start({ missing: [{ host: 1 }], contract_breaks: { empty_root: true, nonconforming: ['root'] } });
    freeze(admin.world.origin + 1000);
    const gone = `/v1/${enc(admin.world.hosts[1].ref)}`;
    for (let i = 0; i < 2; i++) {
      expect((await fetchRaw(url, gone)).status).toBe(404);
      const root = (await fetchRaw(url, '/v1/root')).json() as { children: string[]; properties: { Root: Record<string, unknown> } };
      expect(root.children).toEqual([]);
      expect(root.properties.Root.started_at).toBe(42);
    }
  });
});

describe('mock statistics with answers reused', () => {
  it('count every request, answer status, injected error and connection', async () => {
    const { mock, url, admin, freeze } = await start();
    freeze(admin.world.origin + 1000);
    for (let i = 0; i < 7; i++) expect((await fetchRaw(url, '/v1/root')).status).toBe(200);
    expect((await fetchRaw(url, '/v1/root', { method: 'HEAD' })).status).toBe(200);
    expect((await fetchRaw(url, '/nowhere')).status).toBe(404);
    expect((await fetchRaw(url, '/v1/tree', { method: 'DELETE' })).status).toBe(405);
    mock.scenario.faults.push({ backend: 'admin', route: '^GET /v1/root$', errors: { internal_error: 1 } });
    expect((await fetchRaw(url, '/v1/root')).status).toBe(500);
    mock.scenario.faults.pop();
    const s = mock.stats;
    const answered = async () => Object.values(s.total.statuses).reduce((a, b) => a + b, 0);
    await waitUntil(answered, (n) => n === 11, 'every answer counted at close', { timeoutMs: 10_000, intervalMs: 5 });
    await waitUntil(async () => s.endpoints.admin?.inflight ?? -1, (n) => n === 0, 'no request in flight', { timeoutMs: 10_000, intervalMs: 5 });
    expect(s.routes.get('admin GET /v1/{*reference}')).toEqual({ requests: 8, dropped: 0, errors: { internal_error: 1 }, spikes: 0, statuses: { 200: 7, 500: 1 } });
    expect(s.routes.get('admin HEAD /v1/{*reference}')).toMatchObject({ requests: 1, statuses: { 200: 1 } });
    expect(s.routes.get('admin GET (no route)')).toMatchObject({ requests: 1, statuses: { 404: 1 } });
    expect(s.routes.get('admin DELETE (no route)')).toMatchObject({ requests: 1, statuses: { 405: 1 } });
    expect(s.total).toEqual({ requests: 11, dropped: 0, errors: { internal_error: 1 }, spikes: 0, statuses: { 200: 8, 404: 1, 405: 1, 500: 1 } });
    expect(s.endpoints.admin?.connections).toBeGreaterThanOrEqual(1);
    expect(s.endpoints.admin?.peakInflight).toBeGreaterThanOrEqual(1);
  });
});

describe('mock router', () => {
  /** The reading before literal prefixes: every route's expression in order. */
  function reference(router: Router, method: string, path: string): string {
    const routes = (router as unknown as { routes: { method: string; pattern: string; re: RegExp }[] }).routes;
    const allowed: string[] = [];
    for (const r of routes) {
      if (!r.re.test(path)) continue;
      if (r.method !== method && !(method === 'HEAD' && r.method === 'GET')) {
        allowed.push(r.method);
        continue;
      }
      return `${r.method} ${r.pattern}`;
    }
    return allowed.length ? `405 ${[...new Set(allowed)].join(',')}` : 'none';
  }
  const read = (router: Router, method: string, path: string): string => {
    const m = router.match(method, path);
    if (!m) return 'none';
    return 'route' in m ? `${m.route.method} ${m.route.pattern}` : `405 ${m.methodNotAllowed.join(',')}`;
  };

  it('picks the route every expression in order picks, on the admin routes and parameter routes', () => {
    const router = createAdminBackend({ scenario: adminScenario(), rng: createRng(1), clock: { now: () => 0, speed: 1 }, urls: {}, env: {} }).router;
    const h = () => undefined;
    router.get('/jobs/{id}', h).get('/jobs/{id}/events', h).post('/jobs/', h).delete('/jobs/{id}', h).get('/a.b/{*rest}', h);
    const piece = fc.constantFrom('', '/', 'v1', 'root', 'tree', 'schema', 'admin', 'error', 'openapi.json', 'openapiXjson', 'pyspy', 'pyspy_dump', 'config', 'query', 'SKILL.md', 'jobs', 'events', 'a.b', 'aXb', '%2F', 'x', '..');
    fc.assert(
      fc.property(fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'DELETE'), fc.array(piece, { maxLength: 5 }), fc.boolean(), (method, parts, trailing) => {
        const path = `/${parts.join('/')}${trailing ? '/' : ''}`;
        expect(read(router, method, path)).toBe(reference(router, method, path));
      }),
      { numRuns: 3000 },
    );
    expect(read(router, 'GET', '/v1/openapi.json')).toBe('GET /v1/openapi.json');
    expect(read(router, 'GET', '/v1/openapiXjson')).toBe('GET /v1/{*reference}');
    expect(read(router, 'HEAD', '/v1/root')).toBe('GET /v1/{*reference}');
  });
});
