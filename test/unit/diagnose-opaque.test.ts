/**
 * Diagnose treats references as opaque: a payload is never failed for a reference's form (only
 * timestamps still convert), every listed child is probed, labels and notes follow the reference
 * TUI's recipes for the known grammars and the plain string recipe for any other form, membership
 * in system_children is plain string equality for unknown forms, and the run reports unknown forms
 * as one finding that never makes it unhealthy (not even under --strict).
 */
import { describe, expect, it } from 'vitest';
import type { NodePayload } from '../../src/backends/admin/models.js';
import { decodeNode } from '../../src/diagnose/convert.js';
import type { AttemptResult } from '../../src/diagnose/probe.js';
import { renderGithub, renderJunit, renderMarkdown } from '../../src/diagnose/render/ci.js';
import { renderText } from '../../src/diagnose/render/text.js';
import { buildReport, exitCodeOf } from '../../src/diagnose/report.js';
import { diagnose } from '../../src/diagnose/run.js';
import type { Check, Finding } from '../../src/diagnose/types.js';

const AS_OF = '2025-01-15T10:30:00.123Z';
const MEM = { process_rss_bytes: null, process_vm_size_bytes: null };
const DEBUG = { memory: MEM, actor_work_queue_depth_total: 0, actor_work_queue_depth_max: 0, actor_work_queue_depth_high_water_mark: 0, last_nonzero_queue_depth_age_ms: null };

const rootP = (children: string[]): NodePayload => ({
  identity: 'root',
  properties: { Root: { num_hosts: children.length, started_at: AS_OF, started_by: 'me', system_children: [] } },
  children,
  parent: null,
  as_of: AS_OF,
});
const hostP = (ref: string, addr: string, children: string[], sys: string[] = []): NodePayload => ({
  identity: ref,
  properties: { Host: { addr, num_procs: children.length, system_children: sys, memory: MEM } },
  children,
  parent: 'root',
  as_of: AS_OF,
});
const procP = (ref: string, name: string, children: string[], sys: string[] = []): NodePayload => ({
  identity: ref,
  properties: { Proc: { proc_name: name, num_actors: children.length, system_children: sys, stopped_children: [], stopped_retention_cap: 100, is_poisoned: false, failed_actor_count: 0, debug: DEBUG } },
  children,
  parent: null,
  as_of: AS_OF,
});
const actorP = (ref: string, parent: string | null = null, extra: Record<string, unknown> = {}): NodePayload => ({
  identity: ref,
  properties: { Actor: { actor_status: 'idle', actor_type: 'T', instance_id: 'i', messages_processed: 1, total_processing_time_us: 1, queue_depth: 0, is_system: false, ...extra } },
  children: [],
  parent,
  as_of: AS_OF,
});

// A server whose grammar meshscope does not know: uids outside base58, labels with anything but `.` and `@`.
const LOC = '@tcp://10.0.0.1:26600';
const ULOC = '@tcp://10.0.0.1:26601';
const H = `host:host_agent.service<0a0B>${LOC}`;
const SVC = `service<0a0B>${LOC}`;
const HA = `host_agent.service<0a0B>${LOC}`;
const MA = `mesh_admin<Il0>.service<0a0B>${LOC}`;
const P = `trainers<4Xz9 #2>${ULOC}`;
const PA = `proc_agent.trainers<4Xz9 #2>${ULOC}`;
const CAST = `cast.trainers<4Xz9 #2>${ULOC}`;
const A1 = `trainer<0a0B>.trainers<4Xz9 #2>${ULOC}`;
const A2 = `50% done?&x=1<O0>.trainers<4Xz9 #2>${ULOC}`;
// no `@`, no `.`: a reference the string recipe leaves whole
const BARE = 'worker 7/unicode-训练-🚀';

type World = Map<string, NodePayload | { fail: string }>;

function world(): World {
  return new Map<string, NodePayload | { fail: string }>([
    ['root', rootP([H])],
    [H, hostP(H, 'tcp:10.0.0.1:26600', [SVC, P])],
    [SVC, procP(SVC, 'service', [HA, MA], [HA, MA])],
    [P, procP(P, 'trainers', [PA, CAST, A1, A2, BARE], [PA, CAST])],
  ]);
}

function fakeAttempt(w: World) {
  const seen: string[] = [];
  const attempt = async (ref: string): Promise<AttemptResult> => {
    seen.push(ref);
    const n = w.get(ref) ?? actorP(ref);
    if ('fail' in n) return { ok: false, error: n.fail, busy: false, elapsedMs: 0 };
    return { ok: true, payload: n, elapsedMs: 0 };
  };
  return { attempt, seen };
}

const strip = (checks: Check[]) => checks.map((c) => [c.label, c.reference, c.note, c.phase, Object.keys(c.outcome)[0]]);

describe('a payload is never failed for its references', () => {
  const proc = (extra: Record<string, unknown> = {}, props: Record<string, unknown> = {}) =>
    JSON.stringify({ ...procP(P, 'trainers', [PA, A1], [PA]), ...extra, properties: { Proc: { ...procP(P, 'trainers', [PA, A1], [PA]).properties.Proc, ...props } } });

  it('references in any form decode: identity, children, parent, system and stopped children, a root cause', () => {
    expect(decodeNode(proc({ identity: BARE, children: ['', ' ', 'nonexistent_ref_xxxx', A2, 'unix:@h,p,a[0]'], parent: '%zz' }, { system_children: ['?', '#'], stopped_children: ['&'] }))).toMatchObject({ ok: true });
    const failed = actorP(A1, P, { failure_info: { error_message: 'boom', root_cause_actor: 'not an actor address', root_cause_name: null, occurred_at: AS_OF, is_propagated: true } });
    expect(decodeNode(JSON.stringify(failed))).toMatchObject({ ok: true });
  });

  it('a timestamp that does not parse is still a conversion error', () => {
    expect(decodeNode(proc({ as_of: 'now' }))).toEqual({ ok: false, kind: 'conversion', message: 'failed to parse as_of: "now"' });
    expect(decodeNode(JSON.stringify(actorP(A1, P, { created_at: 'then' })))).toEqual({ ok: false, kind: 'conversion', message: 'failed to parse properties' });
    const failed = actorP(A1, P, { failure_info: { error_message: 'boom', root_cause_actor: A1, root_cause_name: null, occurred_at: 'later', is_propagated: false } });
    expect(decodeNode(JSON.stringify(failed))).toEqual({ ok: false, kind: 'conversion', message: 'failed to parse properties' });
    expect(decodeNode(JSON.stringify({ ...rootP([]), properties: { Root: { num_hosts: 0, started_at: 'x', started_by: 'me', system_children: [] } } }))).toEqual({
      ok: false,
      kind: 'conversion',
      message: 'failed to parse properties',
    });
  });

  it('a body that is no NodePayload is still a parse error', () => {
    expect(decodeNode('{"identity":')).toEqual({ ok: false, kind: 'parse' });
    expect(decodeNode(JSON.stringify({ ...procP(P, 'x', []), children: [1] }))).toEqual({ ok: false, kind: 'parse' });
  });
});

describe('the walk over references in no known grammar', () => {
  it('probes every listed child; labels by the string recipe; notes from the string recipe name', async () => {
    const { attempt, seen } = fakeAttempt(world());
    const { report } = await diagnose({ attempt, concurrency: 1, allActors: true });
    expect(strip(report.checks)).toEqual([
      ['root', 'root', 'AdminServer', 'AdminInfra', 'Pass'],
      ['tcp:10.0.0.1:26600', H, 'HostAgent', 'AdminInfra', 'Pass'],
      ['service', SVC, 'UserProc', 'Mesh', 'Pass'],
      ['  host_agent', HA, null, 'Mesh', 'Pass'],
      ['  mesh_admin<Il0>', MA, null, 'Mesh', 'Pass'],
      ['trainers', P, 'UserProc', 'Mesh', 'Pass'],
      ['  proc_agent', PA, 'ProcAgent', 'Mesh', 'Pass'],
      ['  cast', CAST, 'CastActor', 'Mesh', 'Pass'],
      ['  trainer<0a0B>', A1, 'UserActor', 'Mesh', 'Pass'],
      ['  50% done?&x=1<O0>', A2, 'UserActor', 'Mesh', 'Pass'],
      // no actor part the string recipe can find: the whole reference
      [`  ${BARE}`, BARE, 'UserActor', 'Mesh', 'Pass'],
    ]);
    expect(seen).toEqual(report.checks.map((c) => c.reference));
    expect(report.summary.healthy).toBe(true);
    expect(exitCodeOf(report)).toBe(0);
  });

  it('Pass A (host system_children by plain string equality): a failed actor keeps the string recipe label and its note', async () => {
    const w = world();
    w.set(H, hostP(H, 'tcp:10.0.0.1:26600', [P, SVC], [SVC]));
    w.set(MA, { fail: 'HTTP 504 Gateway Timeout' });
    const { attempt } = fakeAttempt(w);
    const { report } = await diagnose({ attempt, concurrency: 1 });
    expect(strip(report.checks).slice(0, 5)).toEqual([
      ['root', 'root', 'AdminServer', 'AdminInfra', 'Pass'],
      ['tcp:10.0.0.1:26600', H, 'HostAgent', 'AdminInfra', 'Pass'],
      ['service', SVC, 'AdminServiceProc', 'AdminInfra', 'Pass'],
      ['  host_agent', HA, 'ActorLifecycleManager', 'AdminInfra', 'Pass'],
      ['  mesh_admin<Il0>', MA, 'IntrospectionHandler', 'AdminInfra', 'Fail'],
    ]);
  });

  it('Pass B: a failed actor in an unknown form is labelled with its full reference, as any Pass B failure', async () => {
    const w = world();
    w.set(A1, { fail: 'HTTP 404 Not Found' });
    w.set(PA, { fail: 'HTTP 504 Gateway Timeout' });
    const { attempt } = fakeAttempt(w);
    const { report } = await diagnose({ attempt, concurrency: 1 });
    const byRef = new Map(report.checks.map((c) => [c.reference, c]));
    expect(byRef.get(A1)).toMatchObject({ label: `  ${A1}`, note: 'UserActor' });
    expect(byRef.get(PA)).toMatchObject({ label: `  ${PA}`, note: 'ProcAgent' });
  });

  it('membership of an unknown form is string equality: a label does not drop out as in the known grammar', async () => {
    const w = world();
    // `cast.<4Xz9 #2>` is not `cast.trainers<4Xz9 #2>`: in no known grammar, only the same string is the same reference
    w.set(P, procP(P, 'trainers', [PA, CAST, A1], [PA, `cast.<4Xz9 #2>${ULOC}`]));
    const { attempt } = fakeAttempt(w);
    const { report } = await diagnose({ attempt, concurrency: 1 });
    expect(report.checks.filter((c) => c.note === 'UserActor').map((c) => c.reference)).toEqual([CAST]);
  });

  it('unknown references become one finding: how many (each once), the first in walk order; none when all are known', async () => {
    const { attempt } = fakeAttempt(world());
    const { report } = await diagnose({ attempt, concurrency: 4 });
    const opaque = report.findings.filter((f) => f.kind === 'opaque_references');
    // H, SVC, P (root and host payloads), HA, MA, PA, CAST, A1, A2, BARE (the procs' children)
    expect(opaque).toEqual([
      {
        kind: 'opaque_references',
        reference: H,
        first: H,
        count: 10,
        message: "10 references in a form meshscope does not know were treated as opaque; the server's reference grammar may have changed",
      },
    ]);
    const known = new Map<string, NodePayload | { fail: string }>([['root', rootP(['host:host_agent.service@tcp://10.0.0.1:26600'])]]);
    known.set('host:host_agent.service@tcp://10.0.0.1:26600', hostP('host:host_agent.service@tcp://10.0.0.1:26600', 'tcp:10.0.0.1:26600', ['unix:@h,service']));
    known.set('unix:@h,service', procP('unix:@h,service', 'service', ['unix:@h,service,host_agent[0]']));
    const r2 = (await diagnose({ attempt: fakeAttempt(known).attempt, concurrency: 1 })).report;
    expect(r2.checks).toHaveLength(4);
    expect(r2.findings).toEqual([]);
  });

  it('the finding never makes a run unhealthy, not even under --strict; other findings still do', async () => {
    const { attempt } = fakeAttempt(world());
    const { report } = await diagnose({ attempt, concurrency: 2, strict: true });
    expect(report.verdict).toEqual({ healthy: true, reasons: [] });
    expect(exitCodeOf(report)).toBe(0);
    const w = world();
    w.set(A1, actorP(A1, P, { actor_status: 'failed: boom', failure_info: { error_message: 'boom', root_cause_actor: A1, root_cause_name: null, occurred_at: AS_OF, is_propagated: false } }));
    const strict = (await diagnose({ attempt: fakeAttempt(w).attempt, concurrency: 2, strict: true })).report;
    expect(strict.findings.map((f) => f.kind)).toEqual(['failed_actor', 'opaque_references']);
    expect(strict.verdict).toEqual({ healthy: false, reasons: ['findings'] });
  });
});

describe('the finding in every format', () => {
  const checks: Check[] = [{ label: 'root', reference: 'root', note: 'AdminServer', phase: 'AdminInfra', outcome: { Pass: { elapsed_ms: 1 } } }];
  const finding: Finding = { kind: 'opaque_references', reference: A2, first: A2, count: 3, message: "3 references in a form meshscope does not know were treated as opaque; the server's reference grammar may have changed" };
  const report = buildReport({ checks, timedOut: false, findings: [finding], strict: true });

  it('is reported as a note, not a failure, under --strict', () => {
    expect(exitCodeOf(report)).toBe(0);
    const text = renderText(report, { strict: true });
    expect(text).toContain(` ⚠ 3 references in a form meshscope does not know were treated as opaque; the server's reference grammar may have changed (the first: ${A2})`);
    expect(text).not.toContain('--strict: they make this run unhealthy');
    expect(text).not.toContain('Unhealthy because');
    const junit = renderJunit(report, { strict: true });
    expect(junit).toContain('<testcase classname="diagnose.Findings.opaque_references" name="opaque_references" time="0.000">');
    expect(junit).toContain('<testsuites name="meshscope diagnose" tests="2" failures="0" errors="0"');
    const gh = renderGithub(report, { strict: true });
    expect(gh).toContain('::warning title=diagnose finding%3A opaque_references::3 references in a form meshscope does not know were treated as opaque');
    expect(gh).not.toContain('::error');
    const md = renderMarkdown(report, { strict: true });
    expect(md).toContain('### Findings (1)\n');
    expect(md).toContain('## Mesh diagnose: ✅ healthy');
    expect(md).toContain(`- ⚠️ 3 references in a form meshscope does not know were treated as opaque; the server's reference grammar may have changed (the first: 50% done?&amp;x=1&lt;O0&gt;.trainers&lt;4Xz9 #2&gt;@tcp://10.0.0.1:26601)\n`);
  });
});
