/**
 * Contract: every payload the admin mock serves, in every scenario, validates against the golden
 * JSON Schemas of the real server (ajv 2020-12) and parses with meshscope's zod models, which
 * keep every key. The models and the schemas also agree on what they refuse.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { listScenarios, loadScenario } from '../../src/mock/scenario.js';
import { World } from '../../src/mock/admin/world.js';
import { servedSchema, SCHEMA_IDS } from '../../src/mock/admin/router.js';
import { pyspyResult, pyspyOk } from '../../src/mock/admin/pyspy.js';
import { configDump } from '../../src/mock/admin/config.js';
import { PySpyScenario } from '../../src/mock/admin/scenario.js';
import { createRng } from '../../src/mock/rng.js';
import { HttpClient } from '../../src/http/client.js';
import { AdminClient } from '../../src/backends/admin/client.js';
import {
  AdminInfo,
  ApiErrorEnvelope,
  ConfigDumpResult,
  NodePayload,
  PySpyProfileOpts,
  PySpyResult,
  PyspyDumpAndStoreResponse,
  QueryResponse,
} from '../../src/backends/admin/models.js';
import { adminScenario, errorsOf, fetchRaw, golden, newAjv, startAdmin, validators, type Validators } from './admin-helpers.js';

let v: Validators;
beforeAll(() => {
  v = validators();
});

function checkNode(payload: unknown, where: string): void {
  const ok = v.node(payload);
  expect(ok, `${where}: ${errorsOf(v.node)}`).toBe(true);
  const parsed = NodePayload.safeParse(payload);
  expect(parsed.success, `${where}: ${parsed.success ? '' : parsed.error.message}`).toBe(true);
  expect(parsed.data).toEqual(payload);
}

describe('admin mock payloads vs the golden schemas and the zod models', () => {
  for (const name of listScenarios()) {
    it(`scenario ${name}: every node, now and 15 simulated minutes later`, () => {
      const s = loadScenario(name);
      const clock = { t: Date.UTC(2026, 6, 1, 12), now() { return this.t; } };
      const world = new World(s.admin, { seed: s.seed, clock });
      let n = 0;
      for (const t of [clock.t, clock.t + 15 * 60_000]) {
        for (const ref of world.refs()) {
          const p = world.resolve(ref, t);
          if (!p) continue;
          // the wire form, exactly as served
          checkNode(JSON.parse(JSON.stringify(p)), `${name} ${ref}`);
          n++;
        }
      }
      expect(n).toBeGreaterThanOrEqual(2 * (world.size.nodes - s.admin.missing.length));
    });
  }

  it('serves the golden schemas with their $ids, each containing v1', () => {
    const files = { node: 'node_payload_schema.json', admin: 'admin_info_schema.json', error: 'error_schema.json' } as const;
    for (const kind of ['node', 'admin', 'error'] as const) {
      const served = servedSchema(kind);
      expect(served.$id).toBe(SCHEMA_IDS[kind]);
      expect(served.$id).toContain('v1');
      const { $id: _id, ...rest } = served;
      expect(rest).toEqual(golden(files[kind]));
      // the served document is itself a valid 2020-12 schema
      expect(() => newAjv().compile(served)).not.toThrow();
    }
  });

  it('py-spy results of every variant validate against PySpyResult', () => {
    const s = adminScenario({ procs_per_host: 1 });
    const world = new World(s.admin, { seed: 1, clock: { now: () => Date.UTC(2026, 0, 1) } });
    const procs = world.hosts[0].procs;
    const rng = createRng(5);
    const samples: unknown[] = [];
    for (const result of ['Ok', 'BinaryNotFound', 'Failed', 'Mixed'] as const) {
      for (const mode of ['cpu', 'block', 'mixed'] as const) {
        const cfg = PySpyScenario.parse({ result, mode, warnings: result === 'Ok' ? ['py-spy rejected --native-all; retried with --native'] : [] });
        for (const p of procs) for (let i = 0; i < 4; i++) samples.push(JSON.parse(JSON.stringify(pyspyResult(p, cfg, rng))));
      }
    }
    const variants = new Set<string>();
    const validate = v.component('PySpyResult');
    for (const r of samples) {
      expect(validate(r), errorsOf(validate)).toBe(true);
      const parsed = PySpyResult.safeParse(r);
      expect(parsed.success).toBe(true);
      expect(parsed.data).toEqual(r);
      variants.add(Object.keys(r as object)[0]);
    }
    expect([...variants].sort()).toEqual(['BinaryNotFound', 'Failed', 'Ok']);
    const ok = pyspyOk(procs[2], PySpyScenario.parse({}), rng) as { Ok: { stack_traces: { frames: { name: string }[] }[] } };
    const names = ok.Ok.stack_traces.flatMap((t) => t.frames.map((f) => f.name));
    for (const f of ['_cpu_burn_loop', 'do_cpu_work', 'process_batch', 'work_forever']) expect(names).toContain(f);
  });

  it('config dumps validate against the OpenAPI response and ConfigDumpResult', () => {
    const s = adminScenario({ resolve_limit: 8, config: { 'hyperactor::config::codec_max_frame_length': '8388608', 'custom::key': 'x' } });
    const dump = JSON.parse(JSON.stringify(configDump(s.admin)));
    const validate = v.response('/v1/config/{proc_reference}', 'get');
    expect(validate(dump), errorsOf(validate)).toBe(true);
    expect(ConfigDumpResult.parse(dump)).toEqual(dump);
    const names = dump.entries.map((e: { name: string }) => e.name);
    expect(names).toEqual([...names].sort());
    expect(dump.entries.find((e: { name: string }) => e.name.endsWith('mesh_admin_max_concurrent_resolves'))).toMatchObject({ value: '8', default_value: '2', source: 'Env', changed_from_default: true });
  });

  it('the zod models refuse what the golden schemas refuse', () => {
    const asOf = '2026-01-01T00:00:00.000Z';
    const good = { identity: 'root', properties: { Root: { num_hosts: 1, started_at: asOf, started_by: 'u', system_children: [] } }, children: ['h'], parent: null, as_of: asOf };
    checkNode(good, 'good root');
    const bad: unknown[] = [
      { ...good, as_of: undefined },
      { ...good, children: 'h' },
      { ...good, properties: { Root: { ...good.properties.Root, num_hosts: -1 } } },
      { ...good, properties: { Root: { ...good.properties.Root, num_hosts: 1.5 } } },
      { ...good, properties: { Host: { addr: 'x', num_procs: 1, system_children: [] } } },
      { ...good, properties: { Mesh: {} } },
      { ...good, properties: { Actor: { actor_status: 'idle', actor_type: 'T', instance_id: 'i', messages_processed: 0, total_processing_time_us: 0, queue_depth: 0 } } },
      { ...good, properties: { Actor: { actor_status: 'idle', actor_type: 'T', instance_id: 'i', messages_processed: 0, total_processing_time_us: 0, queue_depth: 0, is_system: false, failure_info: { error_message: 'x' } } } },
      { ...good, parent: 3 },
    ];
    for (const b of bad) {
      const payload = JSON.parse(JSON.stringify(b));
      expect(v.node(payload), JSON.stringify(payload)).toBe(false);
      expect(NodePayload.safeParse(payload).success, JSON.stringify(payload)).toBe(false);
    }
    // optional fields: null and absent are both accepted by both
    const actor = { actor_status: 'idle', actor_type: 'T', instance_id: 'i', messages_processed: 0, total_processing_time_us: 0, queue_depth: 0, is_system: false };
    for (const extra of [{}, { created_at: null, flight_recorder: null, failure_info: null, execution: null, inbound_ordering: null, last_message_handler: null }]) {
      checkNode({ ...good, parent: 'p', properties: { Actor: { ...actor, ...extra } } }, 'actor with optional fields');
    }
    // unknown keys inside a variant are kept by the models and allowed by the schema
    checkNode({ ...good, properties: { Root: { ...good.properties.Root, future_field: 1 } }, extra_top: true }, 'unknown keys');
    // profile options: the model and the OpenAPI component agree
    const opts = v.component('PySpyProfileOpts');
    for (const o of [
      { duration_s: 5, rate_hz: 100, native: true, threads: false, nonblocking: false },
      { duration_s: 0, rate_hz: 100, native: true, threads: false, nonblocking: false },
      { duration_s: 5, rate_hz: 1001, native: true, threads: false, nonblocking: false },
      { duration_s: 5, rate_hz: 100, native: true, threads: false },
    ]) {
      expect(PySpyProfileOpts.safeParse(o).success).toBe(opts(o));
    }
  });
});

describe('admin mock payloads over HTTP', () => {
  let mock: Awaited<ReturnType<typeof startAdmin>>;
  let http: HttpClient;
  let client: AdminClient;
  beforeAll(async () => {
    mock = await startAdmin(adminScenario({ hosts: 2, procs_per_host: 2, actors_per_proc: 2, child_actors: 1, stopped_per_proc: 1, poisoned_procs: 1, failures: [{ host: 1, proc: 1, actor: 0, child: 0 }] }));
    http = new HttpClient({ backend: 'admin', url: mock.url }, { retries: 0 });
    client = new AdminClient(http);
  });
  afterAll(async () => {
    await http?.close();
    await mock?.close();
  });

  it('every node reached by walking from root validates, and identities round-trip', async () => {
    const seen = new Set<string>();
    const queue = ['root'];
    while (queue.length) {
      const ref = queue.shift()!;
      if (seen.has(ref)) continue;
      seen.add(ref);
      const raw = await client.getRaw(ref);
      checkNode(raw, ref);
      const node = NodePayload.parse(raw);
      expect(node.identity).toBe(ref);
      queue.push(...node.children);
    }
    expect(seen.size).toBe([...new World(mock.scenario.admin, { seed: mock.scenario.seed, clock: mock.ctx.clock }).refs()].length);
  });

  it('admin info, errors, query, dump and py-spy answers validate', async () => {
    const info = await fetchRaw(mock.url, '/v1/admin');
    expect(v.admin(info.json()), errorsOf(v.admin)).toBe(true);
    expect(AdminInfo.parse(info.json())).toEqual(info.json());

    for (const path of ['/v1/nonexistent_ref_xxxx', '/v1/%FF', '/v1//', '/v1/pyspy/root']) {
      const r = await fetchRaw(mock.url, path);
      expect(r.status, path).toBeGreaterThanOrEqual(400);
      expect(v.error(r.json()), errorsOf(v.error)).toBe(true);
      expect(ApiErrorEnvelope.parse(r.json())).toEqual(r.json());
    }

    const q = await fetchRaw(mock.url, '/v1/query', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sql: 'SELECT actor_id, is_system FROM actors LIMIT 3' }) });
    const qv = v.response('/v1/query', 'post');
    expect(qv(q.json()), errorsOf(qv)).toBe(true);
    expect(QueryResponse.parse(q.json())).toEqual(q.json());

    const root = await client.root();
    const host = await client.get(root.children[0]);
    const userProc = host.children[2];
    const d = await fetchRaw(mock.url, `/v1/pyspy_dump/${encodeURIComponent(userProc)}`, { method: 'POST' });
    const dv = v.response('/v1/pyspy_dump/{proc_reference}', 'post');
    expect(dv(d.json()), errorsOf(dv)).toBe(true);
    expect(PyspyDumpAndStoreResponse.parse(d.json())).toEqual(d.json());

    const p = await fetchRaw(mock.url, `/v1/pyspy/${encodeURIComponent(userProc)}`);
    const pv = v.response('/v1/pyspy/{proc_reference}', 'get');
    expect(pv(p.json()), errorsOf(pv)).toBe(true);

    const c = await fetchRaw(mock.url, `/v1/config/${encodeURIComponent(host.children[0])}`);
    const cv = v.response('/v1/config/{proc_reference}', 'get');
    expect(cv(c.json()), errorsOf(cv)).toBe(true);
  });
});
