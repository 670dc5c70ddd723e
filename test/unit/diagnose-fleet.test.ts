/** --fleet: how each other backend's answer becomes Pass, Warn or Fail. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../../src/http/client.js';
import { checkFleet } from '../../src/diagnose/fleet.js';

let server: Server;
let base: string;
const answers = new Map<string, { status: number; body: string; type?: string }>();

beforeAll(async () => {
  server = createServer((req, res) => {
    const a = answers.get(req.url ?? '') ?? { status: 404, body: '{"detail":"Not Found"}' };
    res.writeHead(a.status, { 'content-type': a.type ?? 'application/json' });
    res.end(a.body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const client = (backend: 'mn' | 'asya' | 'astromesh' | 'grid', path = '') => new HttpClient({ backend, url: base + path }, { retries: 0 });

describe('fleet checks', () => {
  it('classifies each backend by what it says', async () => {
    answers.set('/api/v1/runtime/health', { status: 200, body: JSON.stringify({ overall: 'warning', components: [{ name: 'core_grpc', status: 'passing' }, { name: 'web_ui', status: 'warning', error: 'no answer' }] }) });
    answers.set('/health', { status: 200, body: 'OK\n', type: 'text/plain' });
    answers.set('/v1/system/doctor', {
      status: 200,
      body: JSON.stringify({ healthy: false, checks: { runtime: { status: 'ok', message: 'Runtime initialized' }, 'provider:default:ollama': { status: 'error', message: 'down' } } }),
    });
    answers.set('/internal/v1/pprof', { status: 401, body: '' });
    const report = await checkFleet({ mn: client('mn', '/api/v1'), asya: client('asya'), astromesh: client('astromesh'), grid: client('grid') }, { budgetMs: 5000 });
    const byBackend = Object.fromEntries(report.checks.map((c) => [c.backend, c]));
    expect(byBackend.mn.outcome).toMatchObject({ Warn: { warning: 'overall warning (web_ui warning)' } });
    expect(byBackend.mn.details).toEqual({ core_grpc: 'passing', web_ui: 'warning: no answer' });
    expect(byBackend.asya.outcome).toHaveProperty('Pass');
    expect(byBackend.astromesh.outcome).toMatchObject({ Fail: { error: 'unhealthy: provider:default:ollama error' } });
    expect(byBackend.grid.outcome).toMatchObject({ Warn: { warning: 'reachable, but the token was refused (HTTP 401)' } });
    expect(report.summary).toEqual({ total: 4, passed: 1, warned: 2, failed: 1, healthy: false });
  });

  it('a degraded doctor (list form) is a warning; an unreachable backend fails with the reason', async () => {
    answers.set('/v1/system/doctor', { status: 200, body: JSON.stringify({ healthy: false, checks: [{ name: 'peer:inference-1', status: 'unreachable', message: 'x' }] }) });
    const down = new HttpClient({ backend: 'grid', url: 'http://127.0.0.1:1' }, { retries: 0 });
    const report = await checkFleet({ astromesh: client('astromesh'), grid: down }, { budgetMs: 5000 });
    expect(report.checks[0].outcome).toMatchObject({ Warn: { warning: 'degraded: peer:inference-1 unreachable' } });
    expect(report.checks[1].outcome).toMatchObject({ Fail: { error: expect.stringMatching(/connection refused/) } });
    expect(report.summary.healthy).toBe(false);
  });

  it('nothing configured: an empty, healthy fleet', async () => {
    expect(await checkFleet({}, { budgetMs: 1000 })).toEqual({ checks: [], summary: { total: 0, passed: 0, warned: 0, failed: 0, healthy: true } });
  });
});
