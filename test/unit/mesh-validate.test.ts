/**
 * Schema-first checks: payload validation against the server's own schema, and the SKILL.md
 * self-test scored against a tiny fake server that breaks each of the 10 properties in turn.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../../src/http/client.js';
import { compileSchema, describeViolations, PayloadValidator, runSelfTest } from '../../src/backends/admin/validate.js';
import { AdminScenario } from '../../src/mock/admin/scenario.js';
import { World } from '../../src/mock/admin/world.js';
import { ROOT } from '../helpers.js';

const golden = (name: string) => JSON.parse(readFileSync(join(ROOT, 'fixtures', 'monarch', name), 'utf8')) as Record<string, unknown>;
const NODE_SCHEMA = { ...golden('node_payload_schema.json'), $id: 'https://monarch.meta.com/schemas/v1/node_payload' };
const ERROR_SCHEMA = { ...golden('error_schema.json'), $id: 'https://monarch.meta.com/schemas/v1/error' };

const w = new World(AdminScenario.parse({ hosts: 2, procs_per_host: 2, actors_per_proc: 3, child_actors: 2, stopped_per_proc: 1, poisoned_procs: 1, stalled: [{ host: 0, proc: 0, actor: 1 }], failures: [{ host: 1, proc: 1, actor: 0, child: 0 }] }), {
  seed: 8,
  clock: { now: () => Date.parse('2026-05-01T12:00:00Z') },
  env: {},
});

describe('PayloadValidator', () => {
  const v = PayloadValidator.fromSchema(NODE_SCHEMA);

  it('every payload of a mock world conforms to the golden schema', () => {
    let n = 0;
    for (const ref of w.refs()) {
      const p = w.resolve(ref);
      if (!p) continue;
      expect(v.check(JSON.parse(JSON.stringify(p))), ref).toEqual([]);
      n++;
    }
    expect(n).toBe(w.size.nodes);
    expect(v.id).toBe('https://monarch.meta.com/schemas/v1/node_payload');
  });

  it('a variant the schema does not know, next to the real one, is reported once', () => {
    const root = JSON.parse(JSON.stringify(w.resolve('root')));
    root.properties.Cluster = {};
    expect(v.check(root)).toEqual(['/properties: must NOT have additional properties (Cluster)']);
    expect(v.warning('root', root)).toBe("root: the payload does not match the server's schema https://monarch.meta.com/schemas/v1/node_payload: /properties: must NOT have additional properties (Cluster)");
  });

  it('a wrong type in a variant is reported against that variant only', () => {
    const root = JSON.parse(JSON.stringify(w.resolve('root')));
    root.properties.Root.started_by = 42;
    expect(v.check(root)).toEqual(['/properties/Root/started_by: must be string']);
  });

  it('a wrong type and a negative count are named by path', () => {
    const proc = JSON.parse(JSON.stringify(w.resolve(w.hosts[0].procs[2].ref)));
    proc.properties.Proc.num_actors = -1;
    proc.properties.Proc.is_poisoned = 'no';
    const out = v.check(proc);
    expect(out).toContain('/properties/Proc/is_poisoned: must be boolean');
    expect(out.some((l) => l.startsWith('/properties/Proc/num_actors: '))).toBe(true);
    expect(v.check({ identity: 'x' })).toEqual(expect.arrayContaining(["/: must have required property 'children'"]));
  });

  it('compiles once per $id; a schema without $id is cached under where it came from', () => {
    const a = compileSchema(NODE_SCHEMA, 'x');
    const b = compileSchema({ ...NODE_SCHEMA }, 'y');
    expect(b.validate).toBe(a.validate);
    const noId = { ...golden('error_schema.json') };
    const c = compileSchema(noId, 'http://server-a/v1/schema/error');
    expect(c.id).toBe('http://server-a/v1/schema/error');
    expect(c.validate({ error: { code: 'x', message: 'y' } })).toBe(true);
    expect(describeViolations(null, {})).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// The self-test against a purpose-built server
// ---------------------------------------------------------------------------------------------

type Answer = { status: number; body: unknown } | { status: number; text: string };

interface Breakage {
  schema?: (d: Record<string, unknown>) => Answer;
  errorSchema?: (d: Record<string, unknown>) => Answer;
  root?: (p: Record<string, unknown>) => Answer;
  child?: (p: Record<string, unknown>) => Answer;
  missing?: () => Answer;
}

let server: Server;
let base = '';
let breakage: Breakage = {};
const seenPaths: string[] = [];
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v));

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = req.url ?? '/';
    seenPaths.push(path);
    const send = (a: Answer) => {
      const text = 'text' in a ? a.text : JSON.stringify(a.body);
      res.writeHead(a.status, { 'content-type': 'application/json' });
      res.end(text);
    };
    const firstHost = w.hosts[0].ref;
    if (path === '/v1/schema') return send(breakage.schema?.(clone(NODE_SCHEMA)) ?? { status: 200, body: NODE_SCHEMA });
    if (path === '/v1/schema/error') return send(breakage.errorSchema?.(clone(ERROR_SCHEMA)) ?? { status: 200, body: ERROR_SCHEMA });
    if (path === '/v1/root') return send(breakage.root?.(clone(w.resolve('root')) as unknown as Record<string, unknown>) ?? { status: 200, body: w.resolve('root') });
    if (path === `/v1/${encodeURIComponent(firstHost)}`) return send(breakage.child?.(clone(w.resolve(firstHost)) as unknown as Record<string, unknown>) ?? { status: 200, body: w.resolve(firstHost) });
    if (path === '/v1/nonexistent_ref_xxxx') return send(breakage.missing?.() ?? { status: 404, body: { error: { code: 'not_found', message: "invalid reference 'nonexistent_ref_xxxx'" } } });
    send({ status: 404, body: { error: { code: 'not_found', message: 'no such route' } } });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

async function selftest(b: Breakage) {
  breakage = b;
  const http = new HttpClient({ backend: 'admin', url: base });
  try {
    return await runSelfTest(http, { now: () => new Date('2026-05-01T00:00:00Z') });
  } finally {
    await http.close();
  }
}

describe('runSelfTest', () => {
  it('a conforming server scores 10/10 with what SKILL.md asks to record', async () => {
    seenPaths.length = 0;
    const r = await selftest({});
    expect(r).toMatchObject({ timestamp: '2026-05-01T00:00:00.000Z', score: 10, failing_checks: [], server_version: 'https://monarch.meta.com/schemas/v1/node_payload', max_score: 10, band: 'full competence' });
    expect(r.checks.map((c) => c.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // The first child is sent percent-encoded as one path segment.
    expect(seenPaths).toContain(`/v1/${encodeURIComponent(w.hosts[0].ref)}`);
    expect(seenPaths.some((p) => p.includes('host:host_agent'))).toBe(false);
  });

  const cases: Array<[string, Breakage, number[]]> = [
    ['1: the node schema has no $id', { schema: (d) => (delete d.$id, { status: 200, body: d }) }, [1]],
    ['1: the $id does not say v1', { schema: (d) => ({ status: 200, body: { ...d, $id: 'https://monarch.meta.com/schemas/v2/node_payload' } }) }, [1]],
    ['1: /v1/schema fails (6 and 7 have nothing to validate with)', { schema: () => ({ status: 500, body: { error: { code: 'internal_error', message: 'x' } } }) }, [1, 6, 7]],
    ['2: the error schema has no $id', { errorSchema: (d) => (delete d.$id, { status: 200, body: d }) }, [2]],
    ['3: root answers 203', { root: (p) => ({ status: 203, body: p }) }, [3]],
    ['3: root has no children (nothing to follow)', { root: (p) => ({ status: 200, body: { ...p, children: [] } }) }, [3, 4, 5, 7]],
    ['4: the child answers 203', { child: (p) => ({ status: 203, body: p }) }, [4]],
    ['4: the child is an unknown variant', { child: (p) => ({ status: 200, body: { ...p, properties: { Cluster: {} } } }) }, [4, 7]],
    ['5: the child has no parent', { child: (p) => ({ status: 200, body: { ...p, parent: null } }) }, [5]],
    ['6: root does not conform', { root: (p) => ((p.properties as { Root: Record<string, unknown> }).Root.num_hosts = -2, { status: 200, body: p }) }, [6]],
    ['7: the child does not conform', { child: (p) => ((p.properties as { Host: Record<string, unknown> }).Host.num_procs = 'two', { status: 200, body: p }) }, [7]],
    ['8: the error body is not JSON', { missing: () => ({ status: 404, text: 'Not Found' }) }, [8, 9]],
    ['8: the error object has no code', { missing: () => ({ status: 404, body: { error: { message: 'nope' } } }) }, [8, 9]],
    ['9: the error code is not not_found', { missing: () => ({ status: 400, body: { error: { code: 'bad_request', message: 'bad' } } }) }, [9]],
    ['10: a body leaks an internal type name', { root: (p) => ((p.properties as { Root: Record<string, unknown> }).Root.started_by = 'PortRef<x>', { status: 200, body: p }) }, [10]],
    ['10: the error body leaks one', { missing: () => ({ status: 404, body: { error: { code: 'not_found', message: 'no MailboxSender for it' } } }) }, [10]],
  ];

  for (const [name, b, failing] of cases) {
    it(`check ${name}: fails exactly ${failing.join(', ')}`, async () => {
      const r = await selftest(b);
      expect(r.failing_checks).toEqual(failing);
      expect(r.score).toBe(10 - failing.length);
      for (const id of failing) expect(r.checks[id - 1].detail.length).toBeGreaterThan(0);
    });
  }

  it('service_unavailable is retried with backoff, as SKILL.md says', async () => {
    let n = 0;
    const r = await selftest({ root: (p) => (++n <= 2 ? { status: 503, body: { error: { code: 'service_unavailable', message: 'too many' } } } : { status: 200, body: p }) });
    expect(n).toBe(3);
    expect(r.score).toBe(10);
  });

  it('an unreachable server is an error (exit 4), not a score', async () => {
    const http = new HttpClient({ backend: 'admin', url: 'http://127.0.0.1:9' });
    await expect(runSelfTest(http)).rejects.toMatchObject({ code: 'connection_refused' });
    await http.close();
  });
});
