/**
 * The topology tree of `mesh tree`: named children before unnamed `<uid>` ones, each node drawn once
 * (a supervised actor under the proc its payload names, with its supervisor noted), and counts in
 * the singular when there is one.
 */
import { Chalk } from 'chalk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NodePayload } from '../../src/backends/admin/models.js';
import { nodeLabel } from '../../src/backends/admin/refs.js';
import { childOrder, renderTreeLines, TopologyTree, type TreeNode } from '../../src/backends/admin/render.js';
import { startMock, type MockHandle } from '../../src/mock/server.js';
import { naturalRefCmp } from '../../src/tui/tree.js';
import { cleanEnv, runCli } from '../helpers.js';

const plain = new Chalk({ level: 0 });
const AS_OF = '2026-05-01T12:00:00Z';
const HOST = 'host:host_agent.service@tcp://10.0.0.1:26600';
const PROC = 'philosophers<Wte4sA>@tcp://10.0.0.1:26601';
const actorRef = (uid: string) => `${uid}.${PROC}`;

function actor(uid: string, children: string[] = []): NodePayload {
  return {
    identity: actorRef(uid),
    properties: { Actor: { actor_status: 'idle', actor_type: 't', instance_id: 'i', messages_processed: 0, total_processing_time_us: 0, queue_depth: 0, is_system: false } },
    children,
    parent: PROC,
    as_of: AS_OF,
  } as NodePayload;
}

function proc(children: string[], numActors = children.length): NodePayload {
  return {
    identity: PROC,
    properties: { Proc: { proc_name: 'philosophers', num_actors: numActors, system_children: [], stopped_children: [], stopped_retention_cap: 0, is_poisoned: false, failed_actor_count: 0 } },
    children,
    parent: HOST,
    as_of: AS_OF,
  } as unknown as NodePayload;
}

function host(procs: string[]): NodePayload {
  return { identity: HOST, properties: { Host: { addr: 'tcp:10.0.0.1:26600', num_procs: procs.length, system_children: [] } }, children: procs, parent: 'root', as_of: AS_OF } as unknown as NodePayload;
}

function root(hosts: string[]): NodePayload {
  return { identity: 'root', properties: { Root: { num_hosts: hosts.length, started_at: AS_OF, started_by: 'me', system_children: [] } }, children: hosts, parent: null, as_of: AS_OF } as unknown as NodePayload;
}

/** Add nodes breadth-first, as the walk hands them over. */
function treeOf(nodes: Array<[string, NodePayload]>): TreeNode {
  const t = new TopologyTree();
  for (const [ref, n] of nodes) t.addNode(ref, n);
  return t.build()!;
}

function refsOf(n: TreeNode): string[] {
  return [n.reference, ...n.children.flatMap(refsOf)];
}

describe('tree order', () => {
  it('named actors first in natural order, unnamed <uid> actors after them', () => {
    const refs = ['<5m15xHq9kMty>', 'pyspy_worker<tuBY>', 'cast', '<LbQzUPFgtRnU>', 'worker[10]', 'worker[2]', 'proc_agent'].map(actorRef);
    expect([...refs].sort(childOrder).map((r) => r.slice(0, r.indexOf('.')))).toEqual(['cast', 'proc_agent', 'pyspy_worker<tuBY>', 'worker[2]', 'worker[10]', '<5m15xHq9kMty>', '<LbQzUPFgtRnU>']);
  });

  it('the browser sorts the same way', () => {
    const refs = ['<a1>', 'zeta', 'alpha'].map(actorRef);
    expect([...refs].sort(naturalRefCmp)).toEqual([...refs].sort(childOrder));
  });
});

describe('each node once', () => {
  const sup = actorRef('pyspy_worker<tuBY>');
  const kid1 = actorRef('<5m15xHq9kMty>');
  const kid2 = actorRef('<LbQzUPFgtRnU>');
  const cast = actorRef('cast');
  const tree = treeOf([
    ['root', root([HOST])],
    [HOST, host([PROC])],
    [PROC, proc([kid1, sup, kid2, cast])],
    [kid1, actor('<5m15xHq9kMty>')],
    [sup, actor('pyspy_worker<tuBY>', [kid1, kid2])],
    [kid2, actor('<LbQzUPFgtRnU>')],
    [cast, actor('cast')],
  ]);

  it('a supervised actor listed by its proc and its supervisor is drawn once, under its proc', () => {
    const all = refsOf(tree);
    expect(new Set(all).size).toBe(all.length);
    const p = tree.children[0].children[0];
    expect(p.children.map((c) => c.label)).toEqual(['cast', 'pyspy_worker<tuBY>', '<5m15xHq9kMty>', '<LbQzUPFgtRnU>']);
    expect(p.children[1].children).toEqual([]);
    expect(p.children[2].supervisor).toBe(sup);
  });

  it('its row names the supervisor', () => {
    expect(renderTreeLines(tree, plain)).toEqual([
      'Mesh Root (1 host)',
      '└─ tcp:10.0.0.1:26600  (1 proc)',
      '   └─ philosophers  (4 actors: 4 user)',
      '      ├─ cast',
      '      ├─ pyspy_worker<tuBY>',
      '      ├─ <5m15xHq9kMty>  (supervised by pyspy_worker<tuBY>)',
      '      └─ <LbQzUPFgtRnU>  (supervised by pyspy_worker<tuBY>)',
    ]);
  });

  it('a child only its supervisor lists stays under the supervisor', () => {
    const t = treeOf([
      ['root', root([HOST])],
      [HOST, host([PROC])],
      [PROC, proc([sup])],
      [sup, actor('pyspy_worker<tuBY>', [kid1])],
      [kid1, actor('<5m15xHq9kMty>')],
    ]);
    const s = t.children[0].children[0].children[0];
    expect(s.children.map((c) => c.reference)).toEqual([kid1]);
    expect(s.children[0].supervisor).toBeUndefined();
  });
});

describe('counts', () => {
  it('one is singular, anything else plural', () => {
    expect(nodeLabel(root(['h']))).toBe('Mesh Root (1 host)');
    expect(nodeLabel(root(['h', 'i']))).toBe('Mesh Root (2 hosts)');
    expect(nodeLabel(host(['p']))).toBe('tcp:10.0.0.1:26600  (1 proc)');
    expect(nodeLabel(host([]))).toBe('tcp:10.0.0.1:26600  (0 procs)');
    expect(nodeLabel(proc(['a'], 1))).toBe('philosophers  (1 actor: 1 user)');
    expect(nodeLabel(proc([], 0))).toBe('philosophers  (0 actors)');
  });
});

describe('mesh tree --scenario failing', () => {
  let mock: MockHandle;
  beforeAll(async () => {
    mock = await startMock({ scenario: 'failing', portBase: 0, env: {} });
  }, 60_000);
  afterAll(async () => {
    await mock?.close();
  });
  const mesh = (args: string[]) => runCli(['mesh', ...args, '--addr', mock.urls.admin, '--plaintext', '--retries', '0'], { env: cleanEnv(), timeoutMs: 120_000 });

  it('no node twice, unnamed actors after named ones, no "(1 actors"', async () => {
    const r = await mesh(['tree']);
    expect(r.stdout).not.toMatch(/\(1 (actors|procs|hosts)\b/);
    expect(r.stdout).toMatch(/service {2}\(1 actor: 1 system\)/);
    // among siblings, once an unnamed <uid> actor is listed no named one follows
    const rows = r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => /^((?:[│ ] {2})*)[├└]─ (\S+)/.exec(l))
      .filter((m): m is RegExpExecArray => m !== null);
    let unnamedAt: string | undefined;
    for (const [, indent, label] of rows) {
      if (unnamedAt !== undefined && indent.length < unnamedAt.length) unnamedAt = undefined;
      if (label.startsWith('<')) unnamedAt ??= indent;
      else expect(unnamedAt === indent, `${label} after an unnamed sibling`).toBe(false);
    }
    const refs = (await mesh(['tree', '-o', 'name'])).stdout.trim().split('\n');
    expect(refs.length).toBeGreaterThan(10);
    expect(new Set(refs).size).toBe(refs.length);
    // the walk resolves each reference once too, and the tree draws every node it read
    const walked = (await mesh(['walk', '-o', 'name'])).stdout.trim().split('\n');
    expect(new Set(walked).size).toBe(walked.length);
    for (const w of walked) expect(refs).toContain(w);
  }, 180_000);
});
