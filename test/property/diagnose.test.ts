/**
 * Properties of diagnose: the probe classifier (Pass / Slow / Fail) and the report summariser.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../../src/http/client.js';
import { attemptProbe, createProber, type AttemptResult } from '../../src/diagnose/probe.js';
import { AdaptiveLimiter } from '../../src/diagnose/limiter.js';
import { summarize, summaryLine } from '../../src/diagnose/summary.js';
import { buildReport, exitCodeOf, reportJson } from '../../src/diagnose/report.js';
import { outcomeKind, elapsedOf, errorOf, type Check, type Note, type Outcome } from '../../src/diagnose/types.js';

const RUNS = 200;

const NOTES: Note[] = ['AdminServer', 'HostAgent', 'AdminServiceProc', 'LocalClientProc', 'IntrospectionHandler', 'ActorLifecycleManager', 'RootClientBridge', 'CastActor', 'ProcAgent', 'UserProc', 'UserActor'];

const elapsed = fc.nat({ max: 20_000 });
const outcome: fc.Arbitrary<Outcome> = fc.oneof(
  elapsed.map((e) => ({ Pass: { elapsed_ms: e } })),
  elapsed.map((e) => ({ Slow: { elapsed_ms: e } })),
  fc.tuple(elapsed, fc.string()).map(([e, error]) => ({ Fail: { elapsed_ms: e, error } })),
);
const check: fc.Arbitrary<Check> = fc.record({
  label: fc.string({ maxLength: 20 }),
  reference: fc.string({ maxLength: 20 }),
  note: fc.option(fc.constantFrom(...NOTES)),
  phase: fc.constantFrom('AdminInfra' as const, 'Mesh' as const),
  outcome,
});
const checks = fc.array(check, { maxLength: 40 });

/** An attempt result as the HTTP layer would give it: a 2xx with a payload, or a failure. */
const attemptResult: fc.Arbitrary<AttemptResult> = fc.oneof(
  elapsed.map((e) => ({ ok: true as const, payload: {} as never, elapsedMs: e })),
  fc.record({
    ok: fc.constant(false as const),
    error: fc.string({ minLength: 1 }),
    elapsedMs: elapsed,
    status: fc.option(fc.integer({ min: 100, max: 599 }), { nil: undefined }),
    busy: fc.boolean(),
  }),
);

describe('diagnose classifier (property)', () => {
  it('a 2xx is Slow iff its elapsed time is at or above the slow threshold; any failure is Fail', async () => {
    await fc.assert(
      fc.asyncProperty(attemptResult, fc.integer({ min: 1, max: 10_000 }), async (r, slowMs) => {
        let calls = 0;
        const limiter = new AdaptiveLimiter<number>({ max: 1 }, (a, b) => a - b);
        // serial mode: one attempt per check, a 503 refusal is a Fail (the reference TUI)
        const probe = createProber(async () => (calls++, r), limiter, { budgetMs: 5_000, slowMs, serial: true });
        const res = await probe('ref', 0);
        res.release();
        expect(calls).toBe(1);
        expect(res.retries).toBe(0);
        expect(elapsedOf(res.outcome)).toBe(r.elapsedMs);
        if (r.ok) {
          expect(outcomeKind(res.outcome)).toBe(r.elapsedMs >= slowMs ? 'Slow' : 'Pass');
          expect(res.payload).toBe(r.payload);
        } else {
          expect(outcomeKind(res.outcome)).toBe('Fail');
          expect(errorOf(res.outcome)).toBe(r.error);
        }
        expect(limiter.active).toBe(0);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('diagnose probe over HTTP (property)', () => {
  const AS_OF = '2025-01-15T10:30:00.123Z';
  const ROOT = JSON.stringify({ identity: 'root', properties: { Root: { num_hosts: 0, started_at: AS_OF, started_by: 'me', system_children: [] } }, children: [], parent: null, as_of: AS_OF });
  let server: Server;
  let client: HttpClient;
  const seen: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(ROOT);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    client = new HttpClient({ backend: 'admin', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }, { retries: 0 });
  });

  afterAll(async () => {
    await client.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  /** References as a server may list them: any string, including ones with lone surrogates (JSON allows "\\ud800"). */
  const anyRef = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 20 }),
    fc.string({ unit: fc.oneof(fc.constantFrom('/', '?', '#', '.', '%', 'a'), fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c))), maxLength: 8 }),
  );

  it('any reference gives an attempt result (never a throw); a sendable one reaches the server as one segment', async () => {
    await fc.assert(
      fc.asyncProperty(anyRef, async (ref) => {
        seen.length = 0;
        const r = await attemptProbe(client, ref, 5_000);
        const wellFormed = !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(ref);
        if (wellFormed) {
          expect(r.ok).toBe(true);
          expect(seen).toHaveLength(1);
          const last = seen[0]!.slice('/v1/'.length);
          expect(seen[0]!.startsWith('/v1/')).toBe(true);
          expect(last.includes('/')).toBe(false);
          expect(decodeURIComponent(last)).toBe(ref);
        } else {
          expect(r.ok).toBe(false);
          expect(seen).toHaveLength(0);
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('diagnose summariser (property)', () => {
  it('the counts always add up and healthy means every check passed and the run did not time out', () => {
    fc.assert(
      fc.property(checks, fc.boolean(), (cs, timedOut) => {
        const s = summarize(cs, timedOut);
        const failed = cs.filter((c) => 'Fail' in c.outcome).length;
        expect(s.total).toBe(cs.length);
        expect(s.passed + s.failed).toBe(s.total);
        expect(s.failed).toBe(failed);
        expect(s.admin_infra_total + s.mesh_total).toBe(s.total);
        expect(s.admin_infra_passed + s.mesh_passed).toBe(s.passed);
        expect(s.admin_infra_passed).toBeLessThanOrEqual(s.admin_infra_total);
        expect(s.mesh_passed).toBeLessThanOrEqual(s.mesh_total);
        expect(s.healthy).toBe(failed === 0 && !timedOut);
        const line = summaryLine(s);
        if (s.total === 0) expect(line).toBe('');
        else if (s.failed === 0) expect(line).toContain(`All ${s.total} checks passed.`);
        else expect(line).toContain(`${s.passed}/${s.total} checks passed.`);
      }),
      { numRuns: RUNS },
    );
  });

  it('the exit code is 0 iff healthy, and the report JSON reads back to the same report', () => {
    fc.assert(
      fc.property(checks, fc.boolean(), (cs, timedOut) => {
        const report = buildReport({ checks: cs, timedOut, findings: [] });
        expect(exitCodeOf(report)).toBe(report.summary.healthy ? 0 : 1);
        expect(JSON.parse(reportJson(report))).toEqual(report);
      }),
      { numRuns: RUNS },
    );
  });
});
