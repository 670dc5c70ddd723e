/**
 * The diagnose walk over an injected probe: order, labels, notes, phases, failures, Pass A / Pass B,
 * the first non-system child, duplicates; the limiter; 503 back-pressure; the run timeout.
 */
import { describe, expect, it } from 'vitest';
import type { NodePayload } from '../../src/backends/admin/models.js';
import { AdaptiveLimiter, compareKeys } from '../../src/diagnose/limiter.js';
import { createProber, RESET_RETRIES, type AttemptResult } from '../../src/diagnose/probe.js';
import { diagnose } from '../../src/diagnose/run.js';
import type { Check } from '../../src/diagnose/types.js';

const AS_OF = '2025-01-15T10:30:00.123Z';
const MEM = { process_rss_bytes: null, process_vm_size_bytes: null };
const DEBUG = { memory: MEM, actor_work_queue_depth_total: 0, actor_work_queue_depth_max: 0, actor_work_queue_depth_high_water_mark: 0, last_nonzero_queue_depth_age_ms: null };

const root = (children: string[], sys: string[] = []): NodePayload => ({
  identity: 'root',
  properties: { Root: { num_hosts: children.length, started_at: AS_OF, started_by: 'me', system_children: sys } },
  children,
  parent: null,
  as_of: AS_OF,
});
const host = (ref: string, addr: string, children: string[], sys: string[] = []): NodePayload => ({
  identity: ref,
  properties: { Host: { addr, num_procs: children.length, system_children: sys, memory: MEM } },
  children,
  parent: 'root',
  as_of: AS_OF,
});
const proc = (ref: string, name: string, children: string[], sys: string[] = [], extra: Record<string, unknown> = {}): NodePayload => ({
  identity: ref,
  properties: { Proc: { proc_name: name, num_actors: children.length, system_children: sys, stopped_children: [], stopped_retention_cap: 100, is_poisoned: false, failed_actor_count: 0, debug: DEBUG, ...extra } },
  children,
  parent: null,
  as_of: AS_OF,
});
const actor = (ref: string, extra: Record<string, unknown> = {}): NodePayload => ({
  identity: ref,
  properties: { Actor: { actor_status: 'idle', actor_type: 'T', instance_id: 'i', messages_processed: 1, total_processing_time_us: 1, queue_depth: 0, is_system: false, ...extra } },
  children: [],
  parent: null,
  as_of: AS_OF,
});

const L = '@tcp://10.0.0.1:26600';
const U = '@tcp://10.0.0.1:26601';
const H1 = `host:host_agent.service${L}`;
const H2 = 'host:host_agent.service@tcp://10.0.0.2:26600';
const SVC = `service${L}`;
const LOCAL = `local${L}`;
const P = `philosophers<abc>${U}`;
const PA = `proc_agent.philosophers<abc>${U}`;
const CAST = `cast.philosophers<abc>${U}`;
const A1 = `philosopher<A1>.philosophers<abc>${U}`;
const A2 = `philosopher<A2>.philosophers<abc>${U}`;

/** A mesh as the current server publishes it (host system_children empty, LC-2). */
function mesh(): Map<string, NodePayload | { fail: string }> {
  return new Map<string, NodePayload | { fail: string }>([
    ['root', root([H1, H2])],
    [H1, host(H1, 'tcp:10.0.0.1:26600', [SVC, LOCAL, P])],
    [SVC, proc(SVC, 'service', [`host_agent.service${L}`, `mesh_admin<x1>.service${L}`, `mesh_admin_bridge.service${L}`], [`host_agent.service${L}`, `mesh_admin<x1>.service${L}`, `mesh_admin_bridge.service${L}`])],
    [LOCAL, proc(LOCAL, 'local', [])],
    [P, proc(P, 'philosophers', [PA, CAST, A1, A2], [PA, CAST])],
    [H2, { fail: 'HTTP 504 Gateway Timeout' }],
  ]);
}

function fakeAttempt(world: Map<string, NodePayload | { fail: string }>, opts: { latency?: () => number; busy?: () => boolean } = {}) {
  const seen: string[] = [];
  const attempt = async (ref: string): Promise<AttemptResult> => {
    seen.push(ref);
    const ms = opts.latency?.() ?? 0;
    if (ms > 0) await new Promise((r) => setTimeout(r, ms));
    if (opts.busy?.()) return { ok: false, error: 'HTTP 503 Service Unavailable', status: 503, busy: true, elapsedMs: 0 };
    const n = world.get(ref) ?? actor(ref);
    if ('fail' in n) return { ok: false, error: n.fail, busy: false, elapsedMs: ms };
    return { ok: true, payload: n, elapsedMs: ms };
  };
  return { attempt, seen };
}

const strip = (checks: Check[]) => checks.map((c) => [c.label, c.reference, c.note, c.phase, Object.keys(c.outcome)[0]]);

describe('the walk', () => {
  it('walks root, each host, its procs (Pass B) with system actors and the first user actor, in payload order', async () => {
    const { attempt, seen } = fakeAttempt(mesh());
    const { report } = await diagnose({ attempt, concurrency: 1 });
    expect(strip(report.checks)).toEqual([
      ['root', 'root', 'AdminServer', 'AdminInfra', 'Pass'],
      ['tcp:10.0.0.1:26600', H1, 'HostAgent', 'AdminInfra', 'Pass'],
      ['service', SVC, 'UserProc', 'Mesh', 'Pass'],
      ['  host_agent', `host_agent.service${L}`, null, 'Mesh', 'Pass'],
      ['  mesh_admin<x1>', `mesh_admin<x1>.service${L}`, null, 'Mesh', 'Pass'],
      ['  mesh_admin_bridge', `mesh_admin_bridge.service${L}`, null, 'Mesh', 'Pass'],
      ['local', LOCAL, 'UserProc', 'Mesh', 'Pass'],
      ['philosophers', P, 'UserProc', 'Mesh', 'Pass'],
      ['  proc_agent', PA, 'ProcAgent', 'Mesh', 'Pass'],
      ['  cast', CAST, 'CastActor', 'Mesh', 'Pass'],
      ['  philosopher<A1>', A1, 'UserActor', 'Mesh', 'Pass'],
      // a failed host: its full reference as label, HostAgent, its procs skipped, the walk goes on
      [H2, H2, 'HostAgent', 'AdminInfra', 'Fail'],
    ]);
    // serial: requests in exactly the walk order
    expect(seen).toEqual(report.checks.map((c) => c.reference));
    expect(report.summary).toEqual({ total: 12, passed: 11, failed: 1, admin_infra_passed: 2, admin_infra_total: 3, mesh_passed: 9, mesh_total: 9, healthy: false });
  });

  it('a failed root ends the walk after one check', async () => {
    const { attempt } = fakeAttempt(new Map([['root', { fail: 'Request failed: error sending request for url (http://127.0.0.1:1/v1/root)' }]]));
    const { report } = await diagnose({ attempt, concurrency: 4 });
    expect(report.checks).toHaveLength(1);
    expect(report.summary).toMatchObject({ total: 1, failed: 1, admin_infra_total: 1, mesh_total: 0, healthy: false });
  });

  it('Pass A: host system_children are AdminInfra procs, ALL their children probed, notes from name and payload; Pass A before Pass B', async () => {
    const w = mesh();
    w.set(H1, host(H1, 'tcp:10.0.0.1:26600', [P, LOCAL, SVC], [SVC, LOCAL]));
    w.set(LOCAL, proc(LOCAL, 'local', [`<u1>.local${L}`]));
    w.set(`host_agent.service${L}`, { fail: 'HTTP 404 Not Found' });
    w.delete(H2);
    w.set('root', root([H1]));
    const { attempt } = fakeAttempt(w);
    const { report } = await diagnose({ attempt, concurrency: 1 });
    expect(strip(report.checks)).toEqual([
      ['root', 'root', 'AdminServer', 'AdminInfra', 'Pass'],
      ['tcp:10.0.0.1:26600', H1, 'HostAgent', 'AdminInfra', 'Pass'],
      ['local', LOCAL, 'LocalClientProc', 'AdminInfra', 'Pass'],
      ['  <u1>', `<u1>.local${L}`, null, 'AdminInfra', 'Pass'],
      ['service', SVC, 'AdminServiceProc', 'AdminInfra', 'Pass'],
      // a failed Pass A actor keeps its compact uid as label and its note
      ['  host_agent', `host_agent.service${L}`, 'ActorLifecycleManager', 'AdminInfra', 'Fail'],
      ['  mesh_admin<x1>', `mesh_admin<x1>.service${L}`, 'IntrospectionHandler', 'AdminInfra', 'Pass'],
      ['  mesh_admin_bridge', `mesh_admin_bridge.service${L}`, 'RootClientBridge', 'AdminInfra', 'Pass'],
      ['philosophers', P, 'UserProc', 'Mesh', 'Pass'],
      ['  proc_agent', PA, 'ProcAgent', 'Mesh', 'Pass'],
      ['  cast', CAST, 'CastActor', 'Mesh', 'Pass'],
      ['  philosopher<A1>', A1, 'UserActor', 'Mesh', 'Pass'],
    ]);
  });

  it('failed Pass B actors are labelled with their full reference; failed procs skip their actors', async () => {
    const w = mesh();
    w.set(CAST, { fail: 'HTTP 504 Gateway Timeout' });
    w.set(A1, { fail: 'timed out after 5000ms' });
    w.set(LOCAL, { fail: 'HTTP 404 Not Found' });
    w.set(SVC, proc(SVC, 'service', [`host_agent.service${L}`]));
    const { attempt } = fakeAttempt(w);
    const { report } = await diagnose({ attempt, concurrency: 3 });
    const byRef = new Map(report.checks.map((c) => [c.reference, c]));
    expect(byRef.get(CAST)).toMatchObject({ label: `  ${CAST}`, note: 'CastActor' });
    expect(byRef.get(A1)).toMatchObject({ label: `  ${A1}`, note: 'UserActor' });
    expect(byRef.get(LOCAL)).toMatchObject({ label: LOCAL, note: 'UserProc', outcome: { Fail: { error: 'HTTP 404 Not Found' } } });
    // a service proc with no system_children: its first child is its "user actor"
    expect(byRef.get(`host_agent.service${L}`)).toMatchObject({ note: 'UserActor' });
  });

  it('the user actor is the first child not in system_children (even a stopped one); none when all are system', async () => {
    const w = mesh();
    w.set(P, proc(P, 'philosophers', [PA, A2, CAST, A1], [PA, CAST], { stopped_children: [A2] }));
    w.set(SVC, proc(SVC, 'service', [`host_agent.service${L}`], [`host_agent.service${L}`]));
    const { attempt } = fakeAttempt(w);
    const { report } = await diagnose({ attempt, concurrency: 1 });
    const refs = report.checks.map((c) => c.reference);
    expect(refs).toContain(A2);
    expect(refs).not.toContain(A1);
    expect(refs.slice(refs.indexOf(P), refs.indexOf(P) + 4)).toEqual([P, PA, CAST, A2]);
    expect(report.checks.filter((c) => c.note === 'UserActor')).toHaveLength(1);
  });

  it('--all-actors probes every non-system actor', async () => {
    const { attempt } = fakeAttempt(mesh());
    const { report } = await diagnose({ attempt, concurrency: 2, allActors: true });
    expect(report.checks.filter((c) => c.note === 'UserActor').map((c) => c.reference)).toEqual([A1, A2]);
  });

  it('duplicates are probed once per occurrence; root system_children are skipped; identity ignores labels', async () => {
    const w = mesh();
    w.set('root', root([H1, H1, H2], [H2]));
    w.set(P, proc(P, 'philosophers', [PA, CAST, A1], [`proc_agent.philosophers<abc>${U}`, `cast.<abc>${U}`]));
    const { attempt } = fakeAttempt(w);
    const { report } = await diagnose({ attempt, concurrency: 2 });
    expect(report.checks.filter((c) => c.reference === H1)).toHaveLength(2);
    expect(report.checks.some((c) => c.reference === H2)).toBe(false);
    // `cast.philosophers<abc>` is the system child `cast.<abc>`: the user actor is A1
    expect(report.checks.filter((c) => c.note === 'UserActor').map((c) => c.reference)).toEqual([A1, A1]);
  });

  it('a 2xx Error node passes, is labelled with its message, and becomes a finding', async () => {
    const w = mesh();
    w.set(A1, { identity: A1, properties: { Error: { code: 'not_found', message: 'actor not found' } }, children: [], parent: null, as_of: AS_OF });
    const { attempt } = fakeAttempt(w);
    const { report } = await diagnose({ attempt, concurrency: 1 });
    const c = report.checks.find((x) => x.reference === A1)!;
    expect(c).toMatchObject({ label: '  actor not found', note: 'UserActor', outcome: { Pass: {} } });
    expect(report.findings).toEqual([{ kind: 'error_payload', reference: A1, label: 'actor not found', phase: 'Mesh', code: 'not_found', message: 'actor not found' }]);
  });

  it('concurrent walks report the same checks, in walk order, as the serial walk', async () => {
    const serial = (await diagnose({ attempt: fakeAttempt(mesh()).attempt, concurrency: 1 })).report;
    for (const concurrency of [2, 5, 16]) {
      const { report } = await diagnose({ attempt: fakeAttempt(mesh(), { latency: () => Math.floor(Math.random() * 8) }).attempt, concurrency });
      expect(strip(report.checks)).toEqual(strip(serial.checks));
    }
  });

  it('503 back-pressure is retried, never a Fail, and the report equals the clean one', async () => {
    const clean = (await diagnose({ attempt: fakeAttempt(mesh()).attempt, concurrency: 4 })).report;
    let n = 0;
    const { report, stats } = await diagnose({ attempt: fakeAttempt(mesh(), { busy: () => n++ % 2 === 0 }).attempt, concurrency: 4 });
    expect(stats.retries).toBeGreaterThan(0);
    expect(strip(report.checks)).toEqual(strip(clean.checks));
  });

  it('the live stream hands each check over in walk order', async () => {
    const got: string[] = [];
    const { report } = await diagnose({ attempt: fakeAttempt(mesh(), { latency: () => Math.floor(Math.random() * 5) }).attempt, concurrency: 8, onEntry: (e) => got.push(e.check.reference) });
    expect(got).toEqual(report.checks.map((c) => c.reference));
  });

  it('the run timeout keeps the finished checks, drops in-flight ones, and sets timed_out', async () => {
    const { attempt } = fakeAttempt(mesh(), { latency: () => 40 });
    const { report } = await diagnose({ attempt, concurrency: 1, runTimeoutMs: 130 });
    expect(report.timed_out).toBe(true);
    expect(report.summary.healthy).toBe(false);
    expect(report.checks.length).toBeGreaterThanOrEqual(1);
    expect(report.checks.length).toBeLessThan(12);
    expect(report.checks[0].reference).toBe('root');
    expect(report.summary.failed).toBe(0);
  });

  it('Ctrl-C is an interruption, not a report', async () => {
    const ctl = new AbortController();
    setTimeout(() => ctl.abort(Object.assign(new Error('interrupted'), { name: 'AbortError' })), 30);
    await expect(diagnose({ attempt: fakeAttempt(mesh(), { latency: () => 20 }).attempt, concurrency: 1, signal: ctl.signal })).rejects.toMatchObject({ code: 'interrupted' });
  });
});

describe('the prober', () => {
  const limiter = () => new AdaptiveLimiter<number>({ max: 4 }, (a, b) => a - b);

  it('Slow is a 2xx taking at least the threshold on the truncated ms', async () => {
    const at = (ms: number) => async (): Promise<AttemptResult> => ({ ok: true, payload: actor('a.p@tcp://h:1'), elapsedMs: ms });
    expect((await createProber(at(499), limiter(), { budgetMs: 5000, slowMs: 500, serial: false })('x', 0)).outcome).toEqual({ Pass: { elapsed_ms: 499 } });
    expect((await createProber(at(500), limiter(), { budgetMs: 5000, slowMs: 500, serial: false })('x', 0)).outcome).toEqual({ Slow: { elapsed_ms: 500 } });
  });

  it('a retried check reports its real total; serial mode fails on the first 503', async () => {
    let calls = 0;
    const attempt = async (): Promise<AttemptResult> => {
      calls++;
      await new Promise((r) => setTimeout(r, 15));
      return calls < 3 ? { ok: false, error: 'HTTP 503 Service Unavailable', status: 503, busy: true, elapsedMs: 15 } : { ok: true, payload: actor('a.p@tcp://h:1'), elapsedMs: 15 };
    };
    const r = await createProber(attempt, limiter(), { budgetMs: 5000, slowMs: 500, serial: false })('x', 0);
    expect(r.retries).toBe(2);
    expect((r.outcome as { Pass: { elapsed_ms: number } }).Pass.elapsed_ms).toBeGreaterThanOrEqual(44);
    calls = 0;
    const s = await createProber(attempt, new AdaptiveLimiter<number>({ max: 1 }, (a, b) => a - b), { budgetMs: 5000, slowMs: 500, serial: true })('x', 0);
    expect(s.outcome).toEqual({ Fail: { elapsed_ms: 15, error: 'HTTP 503 Service Unavailable' } });
  });

  it('a connection closed before an answer is retried at most RESET_RETRIES times; serial mode fails at once', async () => {
    let calls = 0;
    const resetThenOk = (resets: number) => async (): Promise<AttemptResult> => {
      calls++;
      return calls <= resets ? { ok: false, error: 'Request failed: error sending request for url (u)', busy: false, reset: true, elapsedMs: 1 } : { ok: true, payload: actor('a.p@tcp://h:1'), elapsedMs: 1 };
    };
    const opts = { budgetMs: 5000, slowMs: 500, serial: false, backoffBaseMs: 1, backoffCapMs: 2 };
    const r = await createProber(resetThenOk(RESET_RETRIES), limiter(), opts)('x', 0);
    expect('Pass' in r.outcome).toBe(true);
    expect(r.retries).toBe(RESET_RETRIES);
    calls = 0;
    const gaveUp = await createProber(resetThenOk(RESET_RETRIES + 1), limiter(), opts)('x', 0);
    expect(gaveUp.outcome).toMatchObject({ Fail: { error: 'Request failed: error sending request for url (u)' } });
    expect(calls).toBe(RESET_RETRIES + 1);
    calls = 0;
    const serial = await createProber(resetThenOk(1), new AdaptiveLimiter<number>({ max: 1 }, (a, b) => a - b), { ...opts, serial: true })('x', 0);
    expect(serial.outcome).toEqual({ Fail: { elapsed_ms: 1, error: 'Request failed: error sending request for url (u)' } });
    expect(calls).toBe(1);
  });

  it('a 503 that never ends fails once the budget is spent', async () => {
    const attempt = async (): Promise<AttemptResult> => ({ ok: false, error: 'HTTP 503 Service Unavailable', status: 503, busy: true, elapsedMs: 0 });
    const r = await createProber(attempt, limiter(), { budgetMs: 60, slowMs: 500, serial: false })('x', 0);
    expect('Fail' in r.outcome && r.outcome.Fail.error).toBe('HTTP 503 Service Unavailable');
  });
});

describe('the limiter', () => {
  it('serves the lowest key first and never exceeds its window', async () => {
    const lim = new AdaptiveLimiter<number[]>({ max: 1 }, compareKeys);
    const first = await lim.acquire([5]);
    const order: string[] = [];
    const permits = new Map<string, { release(k: 'fast'): void }>();
    for (const k of [[3, 1], [1], [3], [2, 9]]) void lim.acquire(k).then((p) => (order.push(k.join('.')), permits.set(k.join('.'), p)));
    await new Promise((r) => setTimeout(r, 0));
    expect(order).toEqual([]);
    first.release('fast');
    for (let i = 0; i < 4; i++) {
      await new Promise((r) => setTimeout(r, 0));
      expect(order).toHaveLength(i + 1);
      expect(lim.active).toBe(1);
      permits.get(order[i])!.release('fast');
    }
    expect(order).toEqual(['1', '2.9', '3', '3.1']);
  });

  it('grows while fast answers come back with the window full, and drops below what was in flight on a 503', async () => {
    const lim = new AdaptiveLimiter<number>({ max: 16, initial: 2 }, (a, b) => a - b);
    const a = await lim.acquire(0);
    const b = await lim.acquire(1);
    a.release('fast');
    b.release('fast');
    expect(lim.window).toBe(4);
    const ps = await Promise.all([0, 1, 2, 3].map((k) => lim.acquire(k)));
    expect(lim.active).toBe(4);
    ps[3].release('busy');
    expect(lim.window).toBe(3);
    ps.slice(0, 3).forEach((p) => p.release('slow'));
    expect(lim.window).toBe(3);
    expect(lim.stats.busy).toBe(1);
  });

  it('with max 1 it never adapts', async () => {
    const lim = new AdaptiveLimiter<number>({ max: 1, initial: 8 }, (a, b) => a - b);
    const p = await lim.acquire(0);
    p.release('fast');
    expect(lim.window).toBe(1);
  });
});
