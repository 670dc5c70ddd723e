/** How admin nodes are shown: fields per variant, flight recorders, natural order, the topology tree. */
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import {
  actorState,
  childLines,
  eventSummary,
  childOrder,
  naturalCompare,
  nodeFields,
  nodeFlags,
  nodeState,
  queryView,
  renderTreeLines,
  TopologyTree,
  withoutFlightRecorder,
  type TreeNode,
} from '../../src/backends/admin/render.js';
import type { NodePayload, RecordedEvent } from '../../src/backends/admin/models.js';
import { AdminScenario, type AdminScenarioInput } from '../../src/mock/admin/scenario.js';
import { World } from '../../src/mock/admin/world.js';

const plain = new Chalk({ level: 0 });
const colour = new Chalk({ level: 1 });
const NOW = Date.parse('2026-05-01T12:00:00Z');

function world(input: AdminScenarioInput = {}, seed: number | string = 11): World {
  return new World(AdminScenario.parse(input), { seed, clock: { now: () => NOW }, env: {} });
}

function treeOf(w: World): TopologyTree {
  const t = new TopologyTree();
  const seen = new Set<string>();
  const queue: Array<{ ref: string; system?: boolean; stopped?: boolean }> = [{ ref: 'root' }];
  while (queue.length) {
    const { ref, system, stopped } = queue.shift()!;
    if (seen.has(ref)) continue;
    seen.add(ref);
    const p = w.resolve(ref);
    if (!p) {
      t.addError(ref, 'not_found');
      continue;
    }
    t.addNode(ref, p, { system, stopped });
    const props = Object.values(p.properties)[0] as { system_children?: string[]; stopped_children?: string[] };
    for (const c of p.children) queue.push({ ref: c, system: props.system_children?.includes(c), stopped: props.stopped_children?.includes(c) });
  }
  return t;
}

function find(n: TreeNode, pred: (n: TreeNode) => boolean): TreeNode | undefined {
  if (pred(n)) return n;
  for (const c of n.children) {
    const f = find(c, pred);
    if (f) return f;
  }
  return undefined;
}

describe('status words', () => {
  it('reduces actor_status strings to one word', () => {
    expect(actorState('idle')).toBe('idle');
    expect(actorState('processing for 12ms')).toBe('processing');
    expect(actorState('train_step: processing for 900ms')).toBe('processing');
    expect(actorState('failed: actor panicked: boom')).toBe('failed');
    expect(actorState('stopped: finished')).toBe('stopped');
    expect(actorState('zombie: did not stop')).toBe('zombie');
    expect(actorState('')).toBe('unknown');
  });
});

describe('node fields, what operators need first', () => {
  const w = world({ hosts: 1, procs_per_host: 1, actors_per_proc: 2, child_actors: 1, failures: [{ host: 0, proc: 0, actor: 0, child: 0, message: 'boom' }] });
  const proc = w.hosts[0].procs[2];
  const supervisor = w.resolve(proc.actors.find((a) => a.role === 'user')!.ref)!;

  it('a failed actor: status first, then type, messages, queue depth; failure with its root cause', () => {
    const f = nodeFields(supervisor);
    const keys = f.map(([k]) => k);
    expect(keys.slice(0, 5)).toEqual(['kind', 'status', 'type', 'messages', 'queue depth']);
    const get = (k: string) => f.find(([key]) => key === k);
    expect(String(get('status')![1])).toMatch(/^failed: /);
    expect(get('status')![2]).toBe('bad');
    expect(String(get('root cause')![1])).toContain(w.resolve(proc.actors.find((a) => a.role === 'child')!.ref)!.identity);
    expect(String(get('propagated')![1])).toMatch(/^yes/);
    expect(String(get('flight recorder')![1])).toMatch(/event\(s\)/);
    expect(nodeFields(supervisor, { flightRecorder: false }).some(([k]) => k === 'flight recorder')).toBe(false);
  });

  it('a poisoned proc says so and how many failed', () => {
    const p = w.resolve(proc.ref)!;
    const f = nodeFields(p);
    expect(f[1]).toEqual(['name', proc.name]);
    expect(f[2][0]).toBe('status');
    expect(String(f[2][1])).toMatch(/^poisoned: 2 failed actor/);
    expect(f.map(([k]) => k)).toEqual(expect.arrayContaining(['queue depth', 'peak depth', 'last busy', 'rss']));
    expect(nodeState(p)).toBe('poisoned');
    expect(nodeFlags(p).failed).toBe(true);
  });

  it('root, host and error nodes', () => {
    const root = nodeFields(w.resolve('root')!);
    expect(root.slice(0, 3)).toEqual([['kind', 'root'], ['hosts', 1], ['started by', w.startedBy]]);
    const host = nodeFields(w.resolve(w.hosts[0].ref)!);
    expect(host[1]).toEqual(['addr', w.hosts[0].addr]);
    const err: NodePayload = { identity: 'x', properties: { Error: { code: 'not_found', message: 'gone' } }, children: [], parent: null, as_of: 'now' };
    expect(nodeFields(err).slice(0, 3)).toEqual([['kind', 'error'], ['code', 'not_found', 'bad'], ['message', 'gone', 'bad']]);
  });

  it('children lines mark system and stopped children and stop after max', () => {
    const p = w.resolve(proc.ref)!;
    const lines = childLines(p, 2);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain('(system)');
    expect(lines[2]).toBe(`  ... and ${p.children.length - 2} more`);
  });

  it('--no-flight-recorder drops exactly that field and nothing else', () => {
    const raw = JSON.parse(JSON.stringify(supervisor));
    const out = withoutFlightRecorder(raw) as typeof raw;
    expect(out.properties.Actor.flight_recorder).toBeUndefined();
    expect('flight_recorder' in out.properties.Actor).toBe(false);
    delete raw.properties.Actor.flight_recorder;
    expect(out).toEqual(raw);
    const host = w.resolve(w.hosts[0].ref);
    expect(withoutFlightRecorder(host)).toBe(host);
  });
});

describe('flight recorder summaries', () => {
  const ev = (fields: Record<string, unknown>): RecordedEvent => ({ timestamp: 't', seq: 1, level: 'INFO', target: 'x', name: 'n', fields });
  it('prefers message, then msg, then handler, then up to three k=v', () => {
    expect(eventSummary(ev({ message: 'm', msg: 'x', handler: 'h' }))).toBe('m');
    expect(eventSummary(ev({ msg: 'x', handler: 'h' }))).toBe('x');
    expect(eventSummary(ev({ handler: 'h', a: 1 }))).toBe('handler: h');
    expect(eventSummary(ev({ a: 1, b: 'two', c: true, d: 4 }))).toBe('a=1 b=two c=true');
  });
});

describe('natural order', () => {
  it('a trailing [N] compares numerically, the rest as text', () => {
    const refs = ['unix:@h,p,agent[10]', 'unix:@h,p,agent[2]', 'unix:@h,p,agent[1]', 'unix:@h,p,agent', 'unix:@h,p,actor[3]'];
    expect([...refs].sort(naturalCompare)).toEqual(['unix:@h,p,actor[3]', 'unix:@h,p,agent', 'unix:@h,p,agent[1]', 'unix:@h,p,agent[2]', 'unix:@h,p,agent[10]']);
    expect(['b', 'a', 'C'].sort(naturalCompare)).toEqual(['C', 'a', 'b']);
  });
});

describe('the topology tree', () => {
  const w = world({
    hosts: 2,
    procs_per_host: 2,
    actors_per_proc: 2,
    child_actors: 1,
    stopped_per_proc: 1,
    failures: [{ host: 1, proc: 1, actor: 0, child: 0, message: 'boom' }],
  });
  const root = treeOf(w).build()!;

  it('labels follow the reference TUI', () => {
    expect(root.label).toBe('Mesh Root (2 hosts)');
    expect(root.children[0].label).toBe(`${w.hosts[0].addr}  (4 procs)`);
    const userProc = find(root, (n) => n.reference === w.hosts[0].procs[2].ref)!;
    expect(userProc.label).toBe(`${w.hosts[0].procs[2].name}  (6 actors: 2 system, 3 user, 1 stopped)`);
    const poisoned = find(root, (n) => n.reference === w.hosts[1].procs[3].ref)!;
    expect(poisoned.label).toMatch(/  \[POISONED: 2 failed\]$/);
  });

  it('children in name order; a supervised actor once, under its proc, naming its supervisor; three levels', () => {
    const proc = find(root, (n) => n.kind === 'proc' && n.children.some((c) => c.supervisor))!;
    const refs = proc.children.map((c) => c.reference);
    expect(refs).toEqual([...refs].sort(childOrder));
    const supervised = proc.children.filter((c) => c.supervisor);
    for (const c of supervised) expect(refs).toContain(c.supervisor);
    expect(proc.children.every((c) => c.children.length === 0)).toBe(true);
    let depth = 0;
    const measure = (n: TreeNode, d: number) => ((depth = Math.max(depth, d)), n.children.forEach((c) => measure(c, d + 1)));
    measure(root, 0);
    expect(depth).toBe(3);
  });

  it('failure propagates to ancestors; a poisoned proc’s stopped children are failed only when their own data says so', () => {
    const host1 = root.children.find((h) => h.reference === w.hosts[1].ref)!;
    const host0 = root.children.find((h) => h.reference === w.hosts[0].ref)!;
    expect(root.failed).toBe(true);
    expect(host1.failed).toBe(true);
    expect(host0.failed).toBe(false);
    const poisoned = find(root, (n) => n.reference === w.hosts[1].procs[3].ref)!;
    const stoppedUnderPoison = poisoned.children.filter((c) => c.stopped);
    expect(stoppedUnderPoison.length).toBeGreaterThan(1);
    for (const c of stoppedUnderPoison) {
      const status = (w.resolve(c.reference)!.properties as { Actor: { actor_status: string } }).Actor.actor_status;
      expect(c.failed, `${c.label}: ${status}`).toBe(status.startsWith('failed'));
    }
    expect(stoppedUnderPoison.some((c) => c.failed)).toBe(true);
    expect(stoppedUnderPoison.some((c) => !c.failed)).toBe(true);
  });

  it('hiding system and stopped actors keeps failed ones', () => {
    const t = treeOf(w).build({ system: false, stopped: false })!;
    const all: TreeNode[] = [];
    const visit = (n: TreeNode) => (all.push(n), n.children.forEach(visit));
    visit(t);
    expect(all.some((n) => n.system && !n.failed)).toBe(false);
    expect(all.some((n) => n.stopped && !n.failed)).toBe(false);
    expect(all.some((n) => n.stopped && n.failed)).toBe(true);
  });

  it('rows: connectors, failed red, stopped grey, system dimmed; no colour at level 0', () => {
    const lines = renderTreeLines(root, colour);
    expect(lines[0]).toBe(colour.red('Mesh Root (2 hosts)'));
    expect(lines[1].startsWith('├─ ')).toBe(true);
    const proc = find(root, (n) => n.reference === w.hosts[0].procs[2].ref)!;
    const sys = proc.children.find((c) => c.system && !c.failed)!;
    const stopped = proc.children.find((c) => c.stopped && !c.failed)!;
    expect(lines.some((l) => l.endsWith(colour.dim(sys.label)))).toBe(true);
    expect(lines.some((l) => l.endsWith(colour.gray(stopped.label)))).toBe(true);
    const text = renderTreeLines(root, plain);
    expect(text.join('\n')).not.toMatch(/\x1b/);
    expect(text[text.length - 1]).toMatch(/^ {3}[│ ] {2}[└├]─ |^ {3}└─ /);
  });

  it('a node that could not be read shows why, and a cycle is never drawn inside itself', () => {
    const t = new TopologyTree();
    const node = (identity: string, children: string[]): NodePayload => ({ identity, properties: { Actor: { actor_status: 'idle', actor_type: 't', instance_id: 'i', messages_processed: 0, total_processing_time_us: 0, queue_depth: 0, is_system: false } }, children, parent: null, as_of: 'x' });
    t.addNode('a.p@tcp://h:1', node('a.p@tcp://h:1', ['b.p@tcp://h:1', 'gone.p@tcp://h:1']));
    t.addNode('b.p@tcp://h:1', node('b.p@tcp://h:1', ['a.p@tcp://h:1']));
    t.addError('gone.p@tcp://h:1', 'gateway_timeout');
    const r = t.build()!;
    expect(r.children.map((c) => c.label)).toEqual(['b', 'gone']);
    expect(r.children[0].children).toEqual([]);
    expect(r.children[1]).toMatchObject({ kind: 'unreadable', error: 'gateway_timeout', failed: true });
    expect(r.failed).toBe(true);
    expect(renderTreeLines(r, plain)).toEqual(['a', '├─ b', '└─ gone  (unreadable: gateway_timeout)']);
  });
});

describe('query rows', () => {
  it('columns are every key in first-seen order, named as the engine names them', () => {
    const v = queryView([{ a: 1, b: 2 }, { b: 3, c: 4 }]);
    expect(v.columns.map((c) => c.header)).toEqual(['a', 'b', 'c']);
    expect(v.columns[2].get({ c: 9 })).toBe(9);
  });
});
