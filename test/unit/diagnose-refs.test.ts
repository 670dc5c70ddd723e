/** Reference reading (kinds, compact uids, notes, identity) and payload conversion of diagnose. */
import { describe, expect, it } from 'vitest';
import { actorName, compactUid, encodeRefSegment, parseRef, refIdentity } from '../../src/backends/admin/refs.js';
import { debugQuote, decodeNode, isTimestamp } from '../../src/diagnose/convert.js';
import { adminActorRole, meshActorRole, procRole } from '../../src/diagnose/walk.js';

describe('reference kinds', () => {
  it.each([
    ['root', 'root'],
    ['host:host_agent.service@tcp://127.0.0.1:26600', 'host'],
    ['philosophers<abc>@tcp://[::1]:2345', 'proc'],
    ['local@inproc://0', 'proc'],
    ['philosopher<2MuAHeDjLCEd>.philosophers<abc>@tcp://[::1]:2345', 'actor'],
    ['<2MuAHeDjLCEd>.philosophers<abc>@tcp://[::1]:2345', 'actor'],
    ['trainer<o7B>.anon-0<dqZ>@anon-0<dqZ>.ipc:///tmp/x/hosts_0', 'actor'],
    ['host_agent.service@metatls://mesh-host-1.example.com:26600', 'actor'],
    ['unix:@hash,proc', 'proc'],
    ['unix:@hash,proc,agent[0]', 'actor'],
    ['host:unix:@hash,service,host_agent[0]', 'host'],
    ['unix:@x,ckpt/writer?v=2#latest,réplica <1>[3]', 'actor'],
  ])('%s is a %s', (ref, kind) => {
    expect(parseRef(ref)?.kind).toBe(kind);
  });

  it.each([
    '',
    'Root',
    'host:',
    'host:service@tcp://127.0.0.1:1',
    'philosophers@nowhere',
    'Philosophers@tcp://h:1',
    'a.b.c@tcp://h:1',
    'proc@tcp://',
    'x@tcp:1.2.3.4:5',
    'nonexistent_ref_xxxx',
  ])('%j is not a node reference', (ref) => {
    expect(parseRef(ref)).toBeUndefined();
  });
});

describe('labels and notes from references', () => {
  it('the compact uid is the actor part; other references stay whole', () => {
    expect(compactUid('philosopher<2MuAHeDjLCEd>.philosophers<abc>@tcp://[::1]:2345')).toBe('philosopher<2MuAHeDjLCEd>');
    expect(compactUid('<2MuAHeDjLCEd>.philosophers<abc>@tcp://[::1]:2345')).toBe('<2MuAHeDjLCEd>');
    expect(compactUid('host_agent.service@tcp://127.0.0.1:26600')).toBe('host_agent');
    expect(compactUid('philosophers<abc>@tcp://[::1]:2345')).toBe('philosophers<abc>@tcp://[::1]:2345');
    expect(compactUid('host:host_agent.service@tcp://127.0.0.1:26600')).toBe('host:host_agent.service@tcp://127.0.0.1:26600');
    expect(compactUid('unix:@hash,proc,agent[0]')).toBe('agent[0]');
  });

  it('the name for notes is the label without its instance; an unlabelled instance is `?`', () => {
    expect(actorName('philosopher<2MuAHeDjLCEd>.p<abc>@tcp://h:1')).toBe('philosopher');
    expect(actorName('<2MuAHeDjLCEd>.p<abc>@tcp://h:1')).toBe('?');
    expect(actorName('p<abc>@tcp://h:1')).toBeUndefined();
  });

  it('AdminInfra actor notes: mesh_admin_bridge before mesh_admin, host_agent; raw prefixes', () => {
    expect(adminActorRole('mesh_admin_bridge.service@tcp://h:1')).toBe('RootClientBridge');
    expect(adminActorRole('mesh_admin<abc>.service@tcp://h:1')).toBe('IntrospectionHandler');
    expect(adminActorRole('mesh_admin2.service@tcp://h:1')).toBe('IntrospectionHandler');
    expect(adminActorRole('host_agent.service@tcp://h:1')).toBe('ActorLifecycleManager');
    expect(adminActorRole('proc_agent.service@tcp://h:1')).toBeNull();
    expect(adminActorRole('service@tcp://h:1')).toBeNull();
    expect(adminActorRole('<abc>.service@tcp://h:1')).toBeNull();
  });

  it('Mesh system actor notes: cast*, proc_agent*; the label, never the proc', () => {
    expect(meshActorRole('cast.p<abc>@tcp://h:1')).toBe('CastActor');
    expect(meshActorRole('castle<x>.p<abc>@tcp://h:1')).toBe('CastActor');
    expect(meshActorRole('proc_agent.p<abc>@tcp://h:1')).toBe('ProcAgent');
    expect(meshActorRole('host_agent.cast@tcp://h:1')).toBeNull();
    expect(meshActorRole('cast@tcp://h:1')).toBeNull();
    expect(meshActorRole('unix:@h,p,proc_agent[0]')).toBe('ProcAgent');
  });

  it('proc notes come from proc_name: only `local` is the local client proc', () => {
    expect(procRole('local')).toBe('LocalClientProc');
    expect(procRole('service')).toBe('AdminServiceProc');
    expect(procRole('philosophers')).toBe('AdminServiceProc');
  });

  it('identity: an instance uid counts by its base58 part only', () => {
    expect(refIdentity('worker<X1>@tcp://h:1')).toBe(refIdentity('<X1>@tcp://h:1'));
    expect(refIdentity('worker<X1>@tcp://h:1')).not.toBe(refIdentity('worker<X2>@tcp://h:1'));
    expect(refIdentity('worker@tcp://h:1')).not.toBe(refIdentity('<worker>@tcp://h:1'));
    expect(refIdentity('unix:@h,p,a[0]')).toBe('unix:@h,p,a[0]');
  });
});

describe('strings as the reference TUI writes them', () => {
  it('percent-encodes every byte but A-Z a-z 0-9 - _ . ~, upper-case hex', () => {
    expect(encodeRefSegment('host:host_agent.service@tcp://127.0.0.1:26600')).toBe('host%3Ahost_agent.service%40tcp%3A%2F%2F127.0.0.1%3A26600');
    expect(encodeRefSegment("a!'()*~ b")).toBe('a%21%27%28%29%2A~%20b');
    expect(encodeRefSegment('résumé,[0]<x>')).toBe('r%C3%A9sum%C3%A9%2C%5B0%5D%3Cx%3E');
  });

  it('quotes like Rust {:?}', () => {
    expect(debugQuote('unix:@hash,proc,agent[0]')).toBe('"unix:@hash,proc,agent[0]"');
    expect(debugQuote('a"b\\c\nd\te\u001bf')).toBe('"a\\"b\\\\c\\nd\\te\\u{1b}f"');
    expect(debugQuote('réplica')).toBe('"réplica"');
  });

  it('timestamps are RFC 3339 UTC', () => {
    expect(isTimestamp('2025-01-15T10:30:00.123Z')).toBe(true);
    expect(isTimestamp('2025-01-15T10:30:00Z')).toBe(true);
    expect(isTimestamp('2025-13-15T10:30:00Z')).toBe(false);
    expect(isTimestamp('yesterday')).toBe(false);
  });
});

const AS_OF = '2025-01-15T10:30:00.123Z';
function proc(extra: Record<string, unknown> = {}, props: Record<string, unknown> = {}) {
  return {
    identity: 'worker@inproc://0',
    properties: {
      Proc: {
        proc_name: 'worker',
        num_actors: 1,
        system_children: ['actor.worker@inproc://0'],
        stopped_children: [],
        stopped_retention_cap: 100,
        is_poisoned: false,
        failed_actor_count: 0,
        debug: { memory: { process_rss_bytes: null, process_vm_size_bytes: null }, actor_work_queue_depth_total: 0, actor_work_queue_depth_max: 0, actor_work_queue_depth_high_water_mark: 0, last_nonzero_queue_depth_age_ms: null },
        ...props,
      },
    },
    children: ['actor.worker@inproc://0'],
    parent: 'host:host_agent.worker@inproc://0',
    as_of: AS_OF,
    ...extra,
  };
}

describe('decoding and converting a 2xx body', () => {
  it('a valid payload decodes (unknown fields are kept, never a reason to fail)', () => {
    const d = decodeNode(JSON.stringify(proc({ extra_field: 1 })));
    expect(d.ok).toBe(true);
  });

  it.each([
    ['not JSON', '{"identity":'],
    ['a missing required field', JSON.stringify({ ...proc(), children: undefined })],
    ['an unknown properties variant', JSON.stringify(proc({ properties: { Widget: {} } }))],
    ['two variants at once', JSON.stringify(proc({ properties: { Root: {}, Error: { code: 'x', message: 'y' } } }))],
    ['a wrong type', JSON.stringify(proc({ children: 'actor.worker@inproc://0' }))],
  ])('%s is a parse error', (_what, body) => {
    expect(decodeNode(body)).toEqual({ ok: false, kind: 'parse' });
  });

  it('a reference in no known grammar is never a conversion error; a timestamp that does not parse is', () => {
    expect(decodeNode(JSON.stringify(proc({ identity: 'no ref', children: ['bad'] }))).ok).toBe(true);
    expect(decodeNode(JSON.stringify(proc({}, { system_children: ['bad'] }))).ok).toBe(true);
    expect(decodeNode(JSON.stringify(proc({ children: ['actor.worker@inproc://0', 'no "ref"'] }))).ok).toBe(true);
    expect(decodeNode(JSON.stringify(proc({ parent: 'nope' }))).ok).toBe(true);
    expect(decodeNode(JSON.stringify(proc({ as_of: 'now' })))).toEqual({ ok: false, kind: 'conversion', message: 'failed to parse as_of: "now"' });
  });

  it('an actor with a bad created_at fails properties; a root cause in any form does not', () => {
    const actor = (a: Record<string, unknown>) =>
      JSON.stringify({
        identity: 'actor.worker@inproc://0',
        properties: { Actor: { actor_status: 'idle', actor_type: 'T', instance_id: 'i', messages_processed: 0, total_processing_time_us: 0, queue_depth: 0, is_system: false, ...a } },
        children: [],
        parent: 'worker@inproc://0',
        as_of: AS_OF,
      });
    expect(decodeNode(actor({ created_at: AS_OF })).ok).toBe(true);
    expect(decodeNode(actor({ created_at: 'then' }))).toEqual({ ok: false, kind: 'conversion', message: 'failed to parse properties' });
    expect(decodeNode(actor({ failure_info: { error_message: 'x', root_cause_actor: 'worker@inproc://0', occurred_at: AS_OF, is_propagated: false } })).ok).toBe(true);
  });

  it('legacy comma references are walked, not rejected', () => {
    const d = decodeNode(JSON.stringify(proc({ identity: 'unix:@h,worker', children: ['unix:@h,worker,agent[0]'], parent: 'host:unix:@h,service,host_agent[0]' }, { system_children: [] })));
    expect(d.ok).toBe(true);
  });
});
