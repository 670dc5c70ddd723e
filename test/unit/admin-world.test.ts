import { describe, it, expect } from 'vitest';
import { listScenarios, loadScenario } from '../../src/mock/scenario.js';
import { World } from '../../src/mock/admin/world.js';
import type { NodePayload } from '../../src/backends/admin/models.js';
import type { AdminScenario } from '../../src/mock/admin/scenario.js';
import { testWorld } from '../contract/admin-helpers.js';

/** The node counts a scenario's admin section implies. */
function expectedSize(a: AdminScenario): { hosts: number; procs: number; actors: number; nodes: number } {
  const userProcs = a.hosts * a.procs_per_host;
  const perUserProc = 2 + a.actors_per_proc + (a.actors_per_proc > 0 ? a.child_actors : 0) + Math.min(a.stopped_per_proc, a.stopped_retention_cap);
  const actors = a.hosts /* host_agent */ + 2 /* mesh_admin, mesh_admin_bridge */ + userProcs * perUserProc;
  const procs = a.hosts * 2 + userProcs;
  return { hosts: a.hosts, procs, actors, nodes: 1 + a.hosts + procs + actors };
}

function props<K extends string>(p: NodePayload, kind: K): Record<string, unknown> {
  return (p.properties as Record<string, Record<string, unknown>>)[kind];
}

function walkAll(world: World, t: number): Map<string, NodePayload> {
  const out = new Map<string, NodePayload>();
  for (const ref of world.refs()) {
    const p = world.resolve(ref, t);
    if (p) out.set(ref, p);
  }
  return out;
}

function checkInvariants(world: World, t: number): void {
  const nodes = walkAll(world, t);
  for (const [ref, p] of nodes) {
    expect(p.identity).toBe(ref);
    expect(new Set(p.children).size).toBe(p.children.length);
    if ('Root' in p.properties) {
      expect(p.parent).toBeNull();
      expect(p.properties.Root.num_hosts).toBe(p.children.length);
      expect(p.properties.Root.system_children).toEqual([]);
      for (const c of p.children) {
        const child = nodes.get(c);
        if (child) expect(child.parent).toBe('root');
      }
    } else if ('Host' in p.properties) {
      expect(p.parent).toBe('root');
      expect(p.properties.Host.num_procs).toBe(p.children.length);
      expect(p.properties.Host.system_children).toEqual([]);
      for (const c of p.children) {
        const child = nodes.get(c);
        if (child) {
          expect('Proc' in child.properties).toBe(true);
          expect(child.parent).toBe(ref);
        }
      }
    } else if ('Proc' in p.properties) {
      const pr = p.properties.Proc;
      // FI-5
      expect(pr.is_poisoned).toBe(pr.failed_actor_count > 0);
      const children = new Set(p.children);
      for (const s of pr.system_children) expect(children.has(s)).toBe(true);
      for (const s of pr.stopped_children) expect(children.has(s)).toBe(true);
      expect(pr.num_actors).toBe(p.children.length - pr.stopped_children.length);
      let failed = 0;
      let live = 0;
      for (const c of p.children) {
        const child = nodes.get(c);
        if (!child) continue;
        expect('Actor' in child.properties).toBe(true);
        expect(child.parent).toBe(ref);
        const a = props(child, 'Actor');
        if (a.failure_info) failed++;
        const status = a.actor_status as string;
        const stopped = status.startsWith('stopped:') || status.startsWith('failed:');
        expect(pr.stopped_children.includes(c)).toBe(stopped);
        if (!stopped) live++;
        expect(pr.system_children.includes(c)).toBe(a.is_system);
      }
      if (p.children.every((c) => nodes.has(c))) {
        expect(failed).toBe(pr.failed_actor_count);
        expect(live).toBe(pr.num_actors);
      }
      const d = pr.debug;
      expect(d.actor_work_queue_depth_max).toBeLessThanOrEqual(d.actor_work_queue_depth_total);
      expect(d.actor_work_queue_depth_high_water_mark).toBeGreaterThanOrEqual(d.actor_work_queue_depth_total);
    } else if ('Actor' in p.properties) {
      const a = p.properties.Actor;
      // an actor's parent is always its proc, even when a supervisor lists it as a child
      const parent = nodes.get(p.parent!);
      expect(parent && 'Proc' in parent.properties).toBe(true);
      expect(parent!.children).toContain(ref);
      for (const c of p.children) {
        const child = nodes.get(c);
        if (child) expect(child.parent).toBe(p.parent);
      }
      expect(a.actor_status.startsWith('failed')).toBe(!!a.failure_info);
      if (a.failure_info) {
        expect(a.failure_info.is_propagated).toBe(a.failure_info.root_cause_actor !== ref);
        expect(world.node(a.failure_info.root_cause_actor)?.kind).toBe('actor');
      }
      expect(a.instance_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      const fr = JSON.parse(a.flight_recorder!) as { timestamp: string; seq: number; level: string; target: string; name: string; fields: object }[];
      expect(Array.isArray(fr)).toBe(true);
      for (const e of fr) expect(Object.keys(e).sort()).toEqual(['fields', 'level', 'name', 'seq', 'target', 'timestamp']);
      expect(a.flight_recorder).not.toMatch(/PortId|PortRef|MailboxSender|ChannelTransport/);
    } else {
      throw new Error(`unexpected variant at ${ref}`);
    }
    expect(p.as_of).toBe(new Date(t).toISOString());
  }
}

describe('admin world', () => {
  for (const name of listScenarios()) {
    it(`scenario ${name}: node counts match the scenario and the invariants hold now and later`, () => {
      const s = loadScenario(name);
      const clock = { t: Date.UTC(2026, 6, 1, 12), now() { return this.t; } };
      const world = new World(s.admin, { seed: s.seed, clock });
      const expected = expectedSize(s.admin);
      expect(world.size).toEqual(expected);
      expect([...world.refs()].length).toBe(expected.nodes);
      if (name === 'large') {
        expect(expected.actors).toBeGreaterThanOrEqual(10_000);
        return; // the large world is checked by the contract test; its invariants are the same code
      }
      checkInvariants(world, clock.t);
      checkInvariants(world, clock.t + 15 * 60_000);
    });
  }

  it('is deterministic: the same seed gives the same references, another seed other ones', () => {
    const a = [...testWorld({}, 3).world.refs()];
    const b = [...testWorld({}, 3).world.refs()];
    const c = [...testWorld({}, 4).world.refs()];
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('lists the service proc first, then local, then user procs; the admin agent lives on host 0', () => {
    const { world, clock } = testWorld({ hosts: 2, procs_per_host: 2 });
    const host = world.resolve(world.hosts[0].ref, clock.t)!;
    expect(host.identity).toMatch(/^host:host_agent\.service@tcp:\/\//);
    const names = host.children.map((c) => props(world.resolve(c, clock.t)!, 'Proc').proc_name);
    expect(names.slice(0, 2)).toEqual(['service', 'local']);
    const local = world.resolve(host.children[1], clock.t)!;
    expect(local.children).toEqual([]);
    const service = world.resolve(host.children[0], clock.t)!;
    expect(service.children.map((c) => world.node(c)!.kind === 'actor' && (world.node(c) as { name: string }).name)).toEqual(['host_agent', 'mesh_admin', 'mesh_admin_bridge']);
    expect(world.adminActor.ref).toMatch(/^mesh_admin<[1-9A-HJ-NP-Za-km-z]{12}>\.service@tcp:\/\/10\.0\.0\.1:26600$/);
    const user = world.resolve(host.children[2], clock.t)!;
    const up = props(user, 'Proc');
    expect(up.system_children).toEqual(user.children.slice(0, 2));
    expect((up.system_children as string[]).map((r) => r.split('.')[0])).toEqual(['proc_agent', 'cast']);
  });

  it('propagates a child failure to its supervisor with the same root cause and poisons the proc', () => {
    const { world, clock } = testWorld({ procs_per_host: 1, actors_per_proc: 2, child_actors: 2, failures: [{ host: 0, proc: 0, actor: 0, child: 1, message: 'boom' }] });
    const proc = world.hosts[0].procs[2];
    const sup = proc.actors.find((a) => a.role === 'user')!;
    const child = sup.children[1];
    const c = props(world.resolve(child.ref, clock.t)!, 'Actor');
    const s = props(world.resolve(sup.ref, clock.t)!, 'Actor');
    expect(c.actor_status).toBe('failed: boom');
    expect(c.failure_info).toMatchObject({ error_message: 'boom', root_cause_actor: child.ref, root_cause_name: child.uid, is_propagated: false });
    expect(s.failure_info).toMatchObject({ root_cause_actor: child.ref, is_propagated: true });
    const p = world.resolve(proc.ref, clock.t)!;
    expect(props(p, 'Proc')).toMatchObject({ is_poisoned: true, failed_actor_count: 2 });
    // terminated actors are listed after the live ones
    expect(p.children.slice(-2).sort()).toEqual([child.ref, sup.ref].sort());
    // the supervisor still lists its children
    expect(world.resolve(sup.ref, clock.t)!.children).toEqual(sup.children.map((x) => x.ref));
  });

  it('makes a scheduled failure happen when the clock reaches it', () => {
    const { world, clock } = testWorld({ procs_per_host: 1, actors_per_proc: 2, failures: [{ host: 0, proc: 0, actor: 1, after_s: 60 }] });
    const proc = world.hosts[0].procs[2];
    const before = props(world.resolve(proc.ref, clock.t)!, 'Proc');
    expect(before).toMatchObject({ is_poisoned: false, failed_actor_count: 0 });
    clock.t += 61_000;
    const after = props(world.resolve(proc.ref, clock.t)!, 'Proc');
    expect(after).toMatchObject({ is_poisoned: true, failed_actor_count: 1 });
    expect((after.stopped_children as string[]).length).toBe(1);
    expect(after.num_actors).toBe((before.num_actors as number) - 1);
  });

  it('moves with the clock: as_of and counters advance', () => {
    const { world, clock } = testWorld({ procs_per_host: 1, actors_per_proc: 3, statuses: { processing: 1 } });
    const actor = world.hosts[0].procs[2].actors[2];
    const a1 = world.resolve(actor.ref, clock.t)!;
    clock.t += 60_000;
    const a2 = world.resolve(actor.ref, clock.t)!;
    expect(a2.as_of > a1.as_of).toBe(true);
    expect(props(a2, 'Actor').messages_processed as number).toBeGreaterThan(props(a1, 'Actor').messages_processed as number);
  });

  it('keeps stopped actors in stopped_children, capped by the retention cap', () => {
    const { world, clock } = testWorld({ procs_per_host: 1, stopped_per_proc: 5, stopped_retention_cap: 3 });
    const p = props(world.resolve(world.hosts[0].procs[2].ref, clock.t)!, 'Proc');
    expect((p.stopped_children as string[]).length).toBe(3);
    for (const r of p.stopped_children as string[]) expect(props(world.resolve(r, clock.t)!, 'Actor').actor_status).toMatch(/^stopped: /);
  });

  it('shows a stalled actor: a growing processing time, queue depth and a buffered ordering session', () => {
    const { world, clock } = testWorld({ procs_per_host: 1, stalled: [{ host: 0, proc: 0, actor: 0 }] });
    const ref = world.select({ host: 0, proc: 0, actor: 0 }).ref;
    const a = props(world.resolve(ref, clock.t)!, 'Actor');
    expect(a.actor_status).toMatch(/^\w+: processing for \d+ms$/);
    expect(a.queue_depth as number).toBeGreaterThan(0);
    const io = a.inbound_ordering as { returned_buffered_session_count: number; sessions: { buffered_count: number }[] };
    expect(io.returned_buffered_session_count).toBeGreaterThan(0);
    expect(io.sessions[0].buffered_count).toBeGreaterThan(0);
    const proc = props(world.resolve(world.hosts[0].procs[2].ref, clock.t)!, 'Proc');
    expect((proc.debug as { actor_work_queue_depth_total: number }).actor_work_queue_depth_total).toBeGreaterThan(0);
  });

  it('covers the range of actor statuses', () => {
    const statuses = { idle: 1, processing: 1, created: 1, initializing: 1, running: 1, client: 1, unknown: 1, stopping: 1, zombie: 1 };
    const { world, clock } = testWorld({ hosts: 2, procs_per_host: 3, actors_per_proc: 20, stopped_per_proc: 1, statuses, poisoned_procs: 1 });
    const seen = new Set<string>();
    for (const a of world.actors()) seen.add(world.status(a, clock.t).replace(/\d+ms$/, 'Nms').replace(/^(stopped|failed|zombie): .*/, '$1: …').replace(/^\w+: processing/, 'handler: processing'));
    for (const s of ['idle', 'processing for Nms', 'handler: processing for Nms', 'created', 'initializing', 'running', 'client', 'unknown', 'stopping', 'zombie: …', 'stopped: …', 'failed: …']) {
      expect(seen, s).toContain(s);
    }
  });

  it('builds legacy comma references that need percent-encoding', () => {
    const { world } = testWorld({ legacy_refs: true, transport: 'ipc', procs_per_host: 2, proc_names: ['data loader', 'a,b[0]<x>'] });
    const refs = [...world.refs()];
    expect(refs[1]).toMatch(/^host:unix:@[1-9A-Za-z]+,service,host_agent\[0\]$/);
    expect(refs).toContain(world.hosts[0].procs[2].ref);
    expect(world.hosts[0].procs[2].ref).toMatch(/^unix:@[1-9A-Za-z]+,data loader$/);
    expect(refs.some((r) => r.endsWith(',a,b[0]<x>,proc_agent[0]'))).toBe(true);
  });

  it('rejects scenario targets that name nothing', () => {
    expect(() => testWorld({ hosts: 1, hung: [{ host: 3 }] })).toThrow(/no host 3/);
    expect(() => testWorld({ procs_per_host: 1, missing: [{ host: 0, proc: 4 }] })).toThrow(/no proc 4/);
  });
});

describe('admin world inbound ordering', () => {
  it('reports disabled buffering, active sessions and, rarely, an incomplete snapshot', () => {
    const { world, clock } = testWorld({ hosts: 2, procs_per_host: 4, actors_per_proc: 40 });
    const kinds = new Set<string>();
    for (const a of world.actors()) {
      const io = world.actorProperties(a, clock.t).inbound_ordering;
      if (!io) {
        expect(a.system || world.isTerminated(a, clock.t)).toBe(true);
        continue;
      }
      if (!io.snapshot_complete) expect(io.skipped_session_count).toBeGreaterThan(0);
      else expect(io.skipped_session_count).toBe(0);
      expect(io.returned_buffered_message_count).toBe(io.sessions.reduce((s, x) => s + x.buffered_count, 0));
      for (const x of io.sessions) expect(x.expected_next_seq).toBe(x.last_released_seq + 1);
      kinds.add(!io.snapshot_complete ? 'incomplete' : io.enabled ? 'enabled' : 'disabled');
    }
    expect([...kinds].sort()).toEqual(['disabled', 'enabled', 'incomplete']);
  });
});
