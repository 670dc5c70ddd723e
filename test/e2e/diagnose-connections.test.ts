/**
 * What a diagnose costs the admin server, counted by the mock: connections opened, requests, and
 * 503 refusals. The window starts at the server's default limit and holds where the server stops
 * refusing; connections are opened as the window grows and kept alive; the serial walk uses one.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Scenario } from '../../src/mock/scenario.js';
import type { MockHandle } from '../../src/mock/server.js';
import { runCli, startTestMock } from '../helpers.js';

/** Ten hosts (the first wave is wider than the server's limit), two user procs each: about 120 probes. */
const mesh = (limit: number, extra: Record<string, unknown> = {}) =>
  Scenario.parse({ name: `connections-limit-${limit}`, seed: 11, ...extra, admin: { hosts: 10, procs_per_host: 2, actors_per_proc: 1, latency_ms: 5, resolve_limit: limit } });

const RESOLVE = 'admin GET /v1/{*reference}';

function counts(mock: MockHandle) {
  const r = mock.stats.routes.get(RESOLVE);
  return { connections: mock.stats.endpoints.admin?.connections ?? 0, requests: r?.requests ?? 0, refused: r?.statuses[503] ?? 0, ok: r?.statuses[200] ?? 0 };
}

let mock: MockHandle | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

async function diagnose(m: MockHandle, ...flags: string[]) {
  const r = await runCli(['--addr', m.urls.admin, '--diagnose', ...flags]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return (JSON.parse(r.stdout) as { checks: unknown[] }).checks.length;
}

describe('diagnose connections and refusals, counted by the server', () => {
  it('at a server limit of 2: a few connections (not one per slot of --concurrency 16), each reused, and a handful of 503s', async () => {
    mock = await startTestMock({ scenario: mesh(2) });
    const probes = await diagnose(mock);
    const c = counts(mock);
    expect(probes).toBeGreaterThan(100);
    expect(c.ok).toBe(probes);
    expect(c.connections).toBeLessThanOrEqual(4);
    // keep-alive: every connection carries many requests
    expect(c.requests).toBeGreaterThanOrEqual(25 * c.connections);
    expect(c.refused).toBeLessThanOrEqual(8);
  });

  it('at a server limit of 16: at most 16 connections for every probe, no 503', async () => {
    mock = await startTestMock({ scenario: mesh(16) });
    const probes = await diagnose(mock);
    const c = counts(mock);
    expect(c.refused).toBe(0);
    expect(c.requests).toBe(probes);
    expect(c.connections).toBeLessThanOrEqual(16);
  });

  it('--concurrency 1 (the reference TUI serial walk) goes over one connection', async () => {
    mock = await startTestMock({ scenario: mesh(2) });
    const probes = await diagnose(mock, '--concurrency', '1');
    const c = counts(mock);
    expect(c.connections).toBe(1);
    expect(c.requests).toBe(probes);
    expect(c.refused).toBe(0);
  });

  it('behind a listen backlog of 1 the report is the same', async () => {
    mock = await startTestMock({ scenario: mesh(16) });
    const clean = await runCli(['--addr', mock.urls.admin, '--diagnose']);
    await mock.close();
    mock = await startTestMock({ scenario: mesh(16, { listen_backlog: 1 }) });
    const small = await runCli(['--addr', mock.urls.admin, '--diagnose']);
    expect(small.code).toBe(0);
    const mask = (s: string) => s.replace(/"elapsed_ms": \d+/g, '"elapsed_ms": 0').replace(/127\.0\.0\.1:\d+/g, 'HOST');
    expect(mask(small.stdout)).toBe(mask(clean.stdout));
  });
});

describe('the scenario key listen_backlog', () => {
  it('takes a positive whole number', () => {
    expect(mesh(2, { listen_backlog: 4 }).listen_backlog).toBe(4);
    expect(() => mesh(2, { listen_backlog: 0 })).toThrow();
    expect(() => mesh(2, { listen_backlog: 1.5 })).toThrow();
    expect(mesh(2).listen_backlog).toBeUndefined();
  });
});
