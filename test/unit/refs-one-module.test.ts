/**
 * One module reads admin references (src/backends/admin/refs.ts): the diagnose walk, `mesh tree`,
 * `mesh walk` and the browser label, name and compare references the same way. The known grammars
 * keep the reference TUI's recipes; any other form is read by the string recipe and is itself for
 * identity; what a node is comes from its payload.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { NodePayload } from '../../src/backends/admin/models.js';
import { actorName, compactUid, isKnownRef, nodeKind, nodeLabel, payloadRefs, RefSet, refIdentity, unknownRefs } from '../../src/backends/admin/refs.js';
import { childLines } from '../../src/backends/admin/render.js';
import { adminActorRole, labelFromPayload, meshActorRole } from '../../src/diagnose/walk.js';
import { refLabel } from '../../src/tui/tree.js';
import { worldOf } from './tui-helpers.js';
import { ROOT } from '../helpers.js';

describe('one module reads references', () => {
  it('there is no second reference reader in src/ (the mock, being the server, writes its own)', () => {
    expect(existsSync(join(ROOT, 'src', 'diagnose', 'refs.ts'))).toBe(false);
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir)) {
        const p = join(dir, e);
        if (statSync(p).isDirectory()) walk(p);
        else if (/\.tsx?$/.test(e)) files.push(p);
      }
    };
    walk(join(ROOT, 'src'));
    const readers = files.filter((f) => !f.includes(join('src', 'mock')) && /1-9A-HJ-NP-Za-km-z|\\\[\\d\+\\\]\$/.test(readFileSync(f, 'utf8')));
    expect(readers.map((f) => f.slice(ROOT.length + 1))).toEqual([join('src', 'backends', 'admin', 'refs.ts')]);
  });

  it('diagnose labels, tree labels and placeholder labels agree on every actor of every form', () => {
    const w = worldOf('opaque-refs');
    let actors = 0;
    for (const a of w.actors()) {
      const p = w.resolve(a.ref)!;
      expect(nodeKind(p)).toBe('actor');
      expect(labelFromPayload(a.ref, p)).toBe(a.uid);
      expect(nodeLabel(p)).toBe(a.uid);
      expect(refLabel(a.ref)).toBe(a.uid);
      expect(compactUid(a.ref)).toBe(a.uid);
      actors++;
    }
    expect(actors).toBeGreaterThan(50);
  });

  it('notes come from the name by the same recipes, whatever the form', () => {
    const w = worldOf('opaque-refs');
    for (const a of w.actors()) {
      const n = actorName(a.ref);
      expect(n).toBe(a.uid.startsWith('<') ? '?' : a.name);
      expect(meshActorRole(a.ref)).toBe(a.name === 'cast' ? 'CastActor' : a.name === 'proc_agent' ? 'ProcAgent' : null);
      expect(adminActorRole(a.ref)).toBe(a.name === 'host_agent' ? 'ActorLifecycleManager' : a.name === 'mesh_admin' ? 'IntrospectionHandler' : a.name === 'mesh_admin_bridge' ? 'RootClientBridge' : null);
    }
  });

  it('the string recipe: text before the first `.` of the part before the first `@`, else the whole reference', () => {
    expect(compactUid('trainer<0a0B>.trainers<4Xz9>@tcp://10.0.0.1:1')).toBe('trainer<0a0B>');
    expect(actorName('trainer<0a0B>.trainers<4Xz9>@tcp://10.0.0.1:1')).toBe('trainer');
    expect(compactUid('q&a=1+2<O0>.ckpt/writer?v=2#x<Il>@tcp://h:1')).toBe('q&a=1+2<O0>');
    expect(compactUid('<O0>.p q@x')).toBe('<O0>');
    expect(actorName('<O0>.p q@x')).toBe('?');
    expect(compactUid('worker 7.a.b')).toBe('worker 7');
    expect(compactUid('data loader<0T9>@tcp://h:1')).toBe('data loader<0T9>@tcp://h:1');
    expect(actorName('data loader<0T9>@tcp://h:1')).toBeUndefined();
    expect(compactUid('a@b.c')).toBe('a@b.c');
    expect(compactUid('.x@y')).toBe('.x@y');
    // a host reference is never compacted
    expect(compactUid('host:host_agent.service<0a>@tcp://h:1')).toBe('host:host_agent.service<0a>@tcp://h:1');
  });

  it('identity: the reference TUI rule in the known grammars, the string itself otherwise', () => {
    expect(refIdentity('worker<X1>.p<abc>@tcp://h:1')).toBe(refIdentity('<X1>.<abc>@tcp://h:1'));
    expect(refIdentity('worker<0X>.p<abc>@tcp://h:1')).toBe('worker<0X>.p<abc>@tcp://h:1');
    expect(new RefSet(['cast.trainers<0a>@tcp://h:1']).has('cast.<0a>@tcp://h:1')).toBe(false);
    expect(new RefSet(['cast.trainers<ab>@tcp://h:1']).has('cast.<ab>@tcp://h:1')).toBe(true);
    expect(new RefSet(['q&a<0a>@x']).has('q&a<0a>@x')).toBe(true);
    expect(new RefSet([]).has('root')).toBe(false);
  });

  it('`mesh get` marks system and stopped children by the same identity as the diagnose walk', () => {
    const debug = { memory: {}, actor_work_queue_depth_total: 0, actor_work_queue_depth_max: 0, actor_work_queue_depth_high_water_mark: 0 };
    const node: NodePayload = {
      identity: 'trainers<ab>@tcp://h:1',
      properties: { Proc: { proc_name: 'trainers', num_actors: 3, system_children: ['cast.<ab>@tcp://h:1', 'proc_agent.t q<0a>@x'], stopped_children: ['w<Zz>.trainers<ab>@tcp://h:1'], stopped_retention_cap: 10, is_poisoned: false, failed_actor_count: 0, debug } },
      children: ['cast.trainers<ab>@tcp://h:1', 'proc_agent.t q<0a>@x', 'proc_agent.<0a>@x', 'w<Zz>.trainers<ab>@tcp://h:1'],
      parent: null,
      as_of: '2025-01-15T10:30:00.123Z',
    };
    expect(childLines(node)).toEqual([
      '  cast.trainers<ab>@tcp://h:1  (system)',
      '  proc_agent.t q<0a>@x  (system)',
      '  proc_agent.<0a>@x',
      '  w<Zz>.trainers<ab>@tcp://h:1  (stopped)',
    ]);
  });

  it('which references are in no known grammar, in the order a payload carries them', () => {
    const w = worldOf('opaque-refs');
    for (const h of w.hosts) {
      const p = w.resolve(h.ref)!;
      if (h.form === 'opaque') expect(unknownRefs(p)).toEqual([h.ref, ...h.procs.map((x) => x.ref)]);
      if (h.form === 'legacy') expect(unknownRefs(p)).toEqual([]);
      expect(payloadRefs(p)).toEqual([h.ref, ...h.procs.map((x) => x.ref), 'root']);
    }
    expect(isKnownRef('root')).toBe(true);
    expect(isKnownRef('unix:@h,p,a[0]')).toBe(true);
    expect(isKnownRef('trainer<0a0B>.trainers<4Xz9>@tcp://h:1')).toBe(false);
  });
});
