/**
 * Property: references are opaque to diagnose. Whatever strings a server lists as children (any
 * well-formed Unicode: empty, `.`/`..`, `%`, `/`, `?`, `#`, spaces, control characters, emoji...),
 * the walk probes each of them over HTTP, the request path decodes back to the same string byte for
 * byte as one segment, and a 200 NodePayload for it is never a Fail. (A string with a lone surrogate
 * is not well-formed Unicode and cannot be put in a URL at all: the encoding properties cover it.)
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NodePayload } from '../../src/backends/admin/models.js';
import { decodeNode } from '../../src/diagnose/convert.js';
import { attemptProbe } from '../../src/diagnose/probe.js';
import { diagnose } from '../../src/diagnose/run.js';
import { HttpClient } from '../../src/http/client.js';

const AS_OF = '2025-01-15T10:30:00.123Z';
const MEM = { process_rss_bytes: null, process_vm_size_bytes: null };
const DEBUG = { memory: MEM, actor_work_queue_depth_total: 0, actor_work_queue_depth_max: 0, actor_work_queue_depth_high_water_mark: 0, last_nonzero_queue_depth_age_ms: null };

const special = fc.constantFrom('', '.', '..', '%', '%2F', '%25', '/', '../', '?', '#', '&', '=', '+', ' ', ',', '@', ':', '<', '>', '<0a0B>', '[0]', '\\', 'é', '训练', '🚀', '\u0000', '\n', '\t', '\u00a0', '\uFEFF', 'host:', 'tcp://', 'root');

/** Any well-formed string a server could list as a reference, biased towards the troublesome ones. */
const refString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 24 }),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.array(fc.oneof(special, fc.string({ unit: 'binary', maxLength: 3 })), { maxLength: 8 }).map((parts) => parts.join('')),
);

interface Mesh {
  hosts: Array<{ ref: string; procs: Array<{ ref: string; system: boolean; actors: Array<{ ref: string; system: boolean }> }> }>;
}

const mesh: fc.Arbitrary<Mesh> = fc.record({
  hosts: fc.array(
    fc.record({
      ref: refString,
      procs: fc.array(fc.record({ ref: refString, system: fc.boolean(), actors: fc.array(fc.record({ ref: refString, system: fc.boolean() }), { maxLength: 3 }) }), { maxLength: 2 }),
    }),
    { minLength: 1, maxLength: 2 },
  ),
});

function allRefs(m: Mesh): string[] {
  return m.hosts.flatMap((h) => [h.ref, ...h.procs.flatMap((p) => [p.ref, ...p.actors.map((a) => a.ref)])]);
}

/** The payloads a server would answer for this mesh, by reference. */
function payloads(m: Mesh): Map<string, NodePayload> {
  const out = new Map<string, NodePayload>();
  out.set('root', { identity: 'root', properties: { Root: { num_hosts: m.hosts.length, started_at: AS_OF, started_by: 'me', system_children: [] } }, children: m.hosts.map((h) => h.ref), parent: null, as_of: AS_OF });
  for (const h of m.hosts) {
    out.set(h.ref, {
      identity: h.ref,
      properties: { Host: { addr: 'tcp:10.0.0.1:26600', num_procs: h.procs.length, system_children: h.procs.filter((p) => p.system).map((p) => p.ref), memory: MEM } },
      children: h.procs.map((p) => p.ref),
      parent: 'root',
      as_of: AS_OF,
    });
    for (const p of h.procs) {
      const sys = p.actors.filter((a) => a.system).map((a) => a.ref);
      out.set(p.ref, {
        identity: p.ref,
        properties: { Proc: { proc_name: 'p', num_actors: p.actors.length, system_children: sys, stopped_children: sys.slice(0, 1), stopped_retention_cap: 10, is_poisoned: false, failed_actor_count: 0, debug: DEBUG } },
        children: p.actors.map((a) => a.ref),
        parent: h.ref,
        as_of: AS_OF,
      });
      for (const a of p.actors) {
        out.set(a.ref, {
          identity: a.ref,
          properties: { Actor: { actor_status: 'idle', actor_type: 'T', instance_id: 'i', messages_processed: 0, total_processing_time_us: 0, queue_depth: 0, is_system: a.system, failure_info: { error_message: 'x', root_cause_actor: a.ref, root_cause_name: null, occurred_at: AS_OF, is_propagated: false } } },
          children: [],
          parent: p.ref,
          as_of: AS_OF,
        });
      }
    }
  }
  return out;
}

describe('references are opaque to diagnose (property)', () => {
  it('a payload decodes whatever strings its references hold', () => {
    fc.assert(
      fc.property(mesh, (m) => {
        for (const p of payloads(m).values()) expect(decodeNode(JSON.stringify(p))).toEqual({ ok: true, payload: p });
      }),
      { numRuns: 200 },
    );
  });

  describe('over HTTP', () => {
    let server: Server;
    let client: HttpClient;
    let served = new Map<string, NodePayload>();
    const requests: Array<{ raw: string; ref: string }> = [];

    beforeAll(async () => {
      server = createServer((req, res) => {
        const url = req.url ?? '';
        const raw = url.startsWith('/v1/') ? url.slice(4) : url;
        const ref = decodeURIComponent(raw);
        requests.push({ raw, ref });
        const p = served.get(ref);
        res.writeHead(p ? 200 : 404, { 'content-type': 'application/json' });
        res.end(JSON.stringify(p ?? { error: { code: 'not_found', message: `reference not found: '${ref}'` } }));
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      client = new HttpClient({ backend: 'admin', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }, { timeoutMs: 30_000, retries: 0, connections: 4 });
    });

    afterAll(async () => {
      await client?.close();
      await new Promise<void>((r) => server?.close(() => r()));
    });

    it('every listed child is probed once per listing, its path decodes back byte for byte, and a 200 is never a Fail', async () => {
      await fc.assert(
        fc.asyncProperty(mesh, async (m) => {
          const listed = allRefs(m);
          // one payload per reference: distinct strings, and none that is the root itself
          fc.pre(new Set(listed).size === listed.length && !listed.includes('root'));
          served = payloads(m);
          requests.length = 0;
          const { report } = await diagnose({
            attempt: (ref, budget, run) => attemptProbe(client, ref, budget, run),
            concurrency: 4,
            probeTimeoutMs: 30_000,
            slowMs: Number.MAX_SAFE_INTEGER,
            allActors: true,
          });
          expect(report.checks.filter((c) => 'Fail' in c.outcome)).toEqual([]);
          expect(report.summary.healthy).toBe(true);
          expect(report.checks.map((c) => c.reference).sort()).toEqual(['root', ...listed].sort());
          expect(requests.map((r) => r.ref).sort()).toEqual(['root', ...listed].sort());
          // each request is one path segment that decodes to a listed string, byte for byte
          const bytes = new Set(['root', ...listed].map((s) => Buffer.from(s, 'utf8').toString('hex')));
          for (const r of requests) {
            expect(r.raw).not.toMatch(/[/?#]/);
            expect(bytes.has(Buffer.from(r.ref, 'utf8').toString('hex'))).toBe(true);
          }
        }),
        { numRuns: 60 },
      );
    }, 120_000);
  });
});
