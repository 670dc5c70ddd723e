/**
 * The grid's `profile` (a required field of the POST /internal/v1/pprof body): the mock answers a
 * missing or unknown one with 400, as the grid document says ("Invalid request body or unknown
 * profile type"), naming the field and the profile types; `pprof capture` checks it locally and
 * sends nothing without one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROFILE_TYPES } from '../../src/backends/grid/models.js';
import { Scenario } from '../../src/mock/scenario.js';
import { startMock, type MockHandle } from '../../src/mock/server.js';
import { createGridMock } from '../../src/mock/grid/router.js';
import type { BackendFactory } from '../../src/mock/types.js';
import { cleanEnv, runCli } from '../helpers.js';

const NODE = 'c3a9f1e7-5d2b-4c8a-b6e4-2f0d8c6a4e1b';
const TYPES = PROFILE_TYPES.join(', ');

let mock: MockHandle;

async function pprof(body: unknown): Promise<{ status: number; type: string; text: string }> {
  const r = await fetch(`${mock.urls.grid}/internal/v1/pprof`, { method: 'POST', headers: { authorization: 'Bearer dev', 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: r.status, type: r.headers.get('content-type') ?? '', text: await r.text() };
}

const posts = () => mock.stats.routes.get('grid POST /internal/v1/pprof')?.requests ?? 0;

beforeAll(async () => {
  mock = await startMock({ scenario: Scenario.parse({ name: 'grid-profile', seed: 2 }), portBase: 0, factories: [createGridMock as BackendFactory], env: {} });
});

afterAll(async () => {
  await mock?.close();
});

describe('the grid mock and a missing or unknown profile', () => {
  it('no profile: 400 naming the field and the profile types (not "unknown profile type: undefined")', async () => {
    const r = await pprof({ client: NODE });
    expect(r.status).toBe(400);
    expect(r.type).toMatch(/^text\/plain/);
    expect(r.text).toBe(`profile is required: one of ${TYPES}\n`);
    expect(r.text).not.toContain('undefined');
    for (const empty of ['', null]) expect((await pprof({ client: NODE, profile: empty })).text).toBe(`profile is required: one of ${TYPES}\n`);
  });

  it('an unknown profile type: 400 naming it and the profile types', async () => {
    const r = await pprof({ client: NODE, profile: 'flame' });
    expect(r.status).toBe(400);
    expect(r.text).toBe(`unknown profile type: flame (profile must be one of ${TYPES})\n`);
    expect((await pprof({ client: NODE, profile: 7 })).text).toBe(`unknown profile type: 7 (profile must be one of ${TYPES})\n`);
  });

  it('a known one still answers a profile', async () => {
    const r = await fetch(`${mock.urls.grid}/internal/v1/pprof`, { method: 'POST', headers: { authorization: 'Bearer dev' }, body: JSON.stringify({ client: NODE, profile: 'heap' }) });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/octet-stream');
  });
});

describe('pprof capture checks the profile before sending', () => {
  it('without --profile: exit 2 naming --profile and the types; no request reaches the grid', async () => {
    const before = posts();
    const r = await runCli(['pprof', 'capture', '--client', NODE, '--grid-url', mock.urls.grid], { env: cleanEnv({ GRID_TOKEN: 'dev' }) });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^error: --profile is required/m);
    expect(r.stderr).toContain(TYPES);
    expect(posts()).toBe(before);
  });
});
