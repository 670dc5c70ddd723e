/** The typed AdminClient against the admin mock: every method, error mapping, and references that round-trip byte for byte. */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { HttpClient } from '../../src/http/client.js';
import { AdminClient } from '../../src/backends/admin/client.js';
import { MeshError } from '../../src/errors.js';
import { loadScenario } from '../../src/mock/scenario.js';
import { createAdminBackend } from '../../src/mock/admin/router.js';
import type { World } from '../../src/mock/admin/world.js';
import { adminScenario, startAdmin } from './admin-helpers.js';

type Mock = Awaited<ReturnType<typeof startAdmin>>;

async function setup(scenario: Parameters<typeof startAdmin>[0]): Promise<{ mock: Mock; world: World; http: HttpClient; client: AdminClient }> {
  const mock = await startAdmin(scenario);
  const world = createAdminBackend(mock.ctx).world;
  const http = new HttpClient({ backend: 'admin', url: mock.url }, { retries: 0, timeoutMs: 10_000 });
  return { mock, world, http, client: new AdminClient(http) };
}

describe('AdminClient', () => {
  let s: Awaited<ReturnType<typeof setup>>;
  beforeAll(async () => {
    s = await setup(adminScenario({ hosts: 1, procs_per_host: 1, actors_per_proc: 2, pyspy: { max_profile_wait_ms: 20 } }));
  });
  afterAll(async () => {
    await s?.http.close();
    await s?.mock.close();
  });

  it('reads the identity, schemas, OpenAPI, SKILL.md and tree', async () => {
    const { client, world, mock } = s;
    expect(await client.info()).toMatchObject({ actor_id: world.adminActor.ref, url: mock.url });
    expect((await client.schema()).$id).toBe('https://monarch.meta.com/schemas/v1/node_payload');
    expect((await client.schema('admin')).$id).toBe('https://monarch.meta.com/schemas/v1/admin_info');
    expect((await client.schema('error')).$id).toBe('https://monarch.meta.com/schemas/v1/error');
    expect((await client.openapi()).openapi).toBe('3.1.0');
    expect((await client.schema('openapi')).openapi).toBe('3.1.0');
    expect(await client.skill()).toMatch(/^# Mesh Admin API/);
    expect((await client.tree()).split('\n')[0]).toContain(world.hosts[0].addr);
  });

  it('walks the topology with root() and get()', async () => {
    const { client, world } = s;
    const root = await client.root();
    expect(root.children).toEqual([world.hosts[0].ref]);
    const host = await client.get(root.children[0]);
    expect('Host' in host.properties).toBe(true);
    const proc = await client.get(host.children[2]);
    expect('Proc' in proc.properties && proc.properties.Proc.num_actors).toBe(4);
  });

  it('reaches the proc endpoints', async () => {
    const { client, world } = s;
    const proc = world.hosts[0].procs[2].ref;
    const dump = await client.pyspy(proc);
    expect('Ok' in dump).toBe(true);
    const cfg = await client.config(proc);
    expect(cfg.entries.length).toBeGreaterThan(5);
    const { dump_id } = await client.pyspyDump(proc);
    const q = await client.query(`SELECT proc_ref FROM pyspy_dumps WHERE dump_id = '${dump_id}'`);
    expect(q.rows).toEqual([{ proc_ref: proc }]);
    const svg = await client.pyspyProfileSvg(proc, { duration_s: 1, rate_hz: 20, native: true, threads: false, nonblocking: false });
    expect(svg).toContain('<svg');
    await expect(client.pyspyProfileSvg(proc, { duration_s: 0, rate_hz: 20, native: true, threads: false, nonblocking: false })).rejects.toMatchObject({ kind: 'usage', code: 'bad_profile_options' });
  });

  it('maps the admin error envelope: error.code verbatim', async () => {
    const { client, world } = s;
    const e1 = await client.get('nonexistent_ref_xxxx').catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(MeshError);
    expect(e1).toMatchObject({ code: 'not_found', kind: 'not_found', status: 404 });
    const e2 = await client.query('SELECT nothing FROM nowhere').catch((e: unknown) => e);
    expect(e2).toMatchObject({ code: 'bad_request', status: 400 });
    const e3 = await client.pyspy(world.hosts[0].procs[1].ref).catch((e: unknown) => e);
    expect(e3).toMatchObject({ code: 'not_found' });
  });
});

describe('references round-trip byte for byte', () => {
  it('legacy comma references with %, /, ?, #, spaces, ",", "[", "]", "<", ">" and non-ASCII', async () => {
    const s = await setup(loadScenario('legacy-refs'));
    try {
      const refs = [...s.world.refs()];
      const tricky = ['%', '/', '?', '#', ' ', ',', '[', ']', '<', '>'];
      for (const c of tricky) expect(refs.some((r) => r.includes(c)), c).toBe(true);
      expect(refs.some((r) => /[^\x00-\x7f]/.test(r))).toBe(true);
      const seen = new Set<string>();
      const queue = ['root'];
      while (queue.length) {
        const ref = queue.shift()!;
        if (seen.has(ref)) continue;
        seen.add(ref);
        const node = await s.client.get(ref);
        expect(node.identity).toBe(ref);
        queue.push(...node.children);
      }
      expect([...seen].sort()).toEqual([...refs].sort());
      for (const p of s.world.procs()) {
        if (p.role !== 'user') continue;
        expect('Ok' in (await s.client.pyspy(p.ref))).toBe(true);
      }
    } finally {
      await s.http.close();
      await s.mock.close();
    }
  });
});
