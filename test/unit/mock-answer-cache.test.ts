/**
 * The mock's request path: the statistics of `mock serve` count every request, status, injected
 * fault and connection, and the router picks the route its expressions in order pick.
 */
import { afterEach, describe, expect, it } from 'vitest';
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

describe('mock statistics', () => {
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
