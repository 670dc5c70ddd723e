import { describe, it, expect } from 'vitest';
import { actorName, compactUid, encodeRef, nodeKind, nodeLabel, procShortName } from '../../src/backends/admin/refs.js';
import { refPath } from '../../src/backends/admin/client.js';
import { decodeWildcard } from '../../src/mock/admin/router.js';
import type { NodePayload } from '../../src/backends/admin/models.js';

const TRICKY = [
  'root',
  'host:host_agent.service@tcp://127.0.0.1:26600',
  'philosopher<2MuAHeDjLCEd>.philosophers<abc>@tcp://[::1]:2345',
  'unix:@hash,proc,agent[0]',
  'host:unix:@hash,service,agent[0]',
  'tcp:[::1]:1234,proc[0].actor[0]',
  '100%_done',
  '%41 is not A',
  'a/b/../c',
  'what?x=1&y=2',
  'frag#ment',
  'with space and\ttab',
  'comma,separated,[0]',
  '<angle>',
  'résumé-训练-🚀',
  '..',
  '+plus+',
];

describe('admin references', () => {
  it('encodes a reference as one path segment and round-trips it byte for byte', () => {
    for (const ref of TRICKY) {
      const enc = encodeRef(ref);
      expect(enc).toMatch(/^(?:[A-Za-z0-9\-_.!~*'()]|%[0-9A-F]{2})*$/);
      expect(decodeURIComponent(enc)).toBe(ref);
      // what the server does with the raw path parameter
      expect(decodeWildcard(enc)).toBe(ref);
      expect(refPath(ref)).toBe(`v1/${enc}`);
    }
  });

  it('decodes the wildcard as the server does: one leading slash stripped, invalid UTF-8 refused', () => {
    expect(decodeWildcard('/root')).toBe('root');
    expect(decodeWildcard('//x')).toBe('/x');
    expect(decodeWildcard('')).toBe('');
    expect(decodeWildcard('%FF')).toBeUndefined();
    expect(decodeWildcard('%zz')).toBe('%zz');
    expect(decodeWildcard('caf%C3%A9')).toBe('café');
  });

  it('shortens references for display only', () => {
    expect(compactUid('philosopher<2MuAHeDjLCEd>.philosophers<abc>@tcp://[::1]:2345')).toBe('philosopher<2MuAHeDjLCEd>');
    expect(compactUid('host_agent.service@tcp://127.0.0.1:26600')).toBe('host_agent');
    expect(compactUid('<2MuAHeDjLCEd>.philosophers<abc>@tcp://[::1]:2345')).toBe('<2MuAHeDjLCEd>');
    expect(compactUid('philosophers<abc>@tcp://[::1]:2345')).toBe('philosophers<abc>@tcp://[::1]:2345');
    expect(compactUid('host:host_agent.service@tcp://127.0.0.1:26600')).toBe('host:host_agent.service@tcp://127.0.0.1:26600');
    expect(compactUid('unix:@hash,proc,agent[0]')).toBe('agent[0]');
    expect(actorName('philosopher<2MuAHeDjLCEd>.philosophers<abc>@tcp://[::1]:2345')).toBe('philosopher');
    expect(actorName('<2MuAHeDjLCEd>.philosophers<abc>@tcp://[::1]:2345')).toBe('?');
    expect(actorName('unix:@hash,proc,agent[0]')).toBe('agent');
    expect(compactUid('mesh_admin_bridge.service@tcp://h:1')).toBe('mesh_admin_bridge');
    expect(compactUid('service@tcp://h:1')).toBe('service@tcp://h:1');
    expect(procShortName('myproc')).toBe('myproc');
    expect(procShortName('philosophers<abc>@tcp://h:1')).toBe('philosophers');
  });

  it('labels nodes from their payload, as the reference TUI does', () => {
    const asOf = '2026-01-01T00:00:00.000Z';
    const root: NodePayload = { identity: 'root', properties: { Root: { num_hosts: 1, started_at: asOf, started_by: 'u', system_children: [] } }, children: [], parent: null, as_of: asOf };
    expect(nodeLabel(root)).toBe('Mesh Root (1 host)');
    expect(nodeKind(root)).toBe('root');
    const host: NodePayload = { identity: 'host:x', properties: { Host: { addr: 'tcp:127.0.0.1:26600', num_procs: 3, system_children: [], memory: {} } }, children: [], parent: 'root', as_of: asOf };
    expect(nodeLabel(host)).toBe('tcp:127.0.0.1:26600  (3 procs)');
    expect(nodeKind(host.properties)).toBe('host');
    const debug = { memory: {}, actor_work_queue_depth_total: 0, actor_work_queue_depth_max: 0, actor_work_queue_depth_high_water_mark: 0 };
    const proc = (n: number, sys: number, stp: number, cap: number, failed = 0): NodePayload => ({
      identity: 'myproc@tcp://h:1',
      properties: { Proc: { proc_name: 'myproc', num_actors: n, system_children: Array.from({ length: sys }, (_, i) => `s${i}`), stopped_children: Array.from({ length: stp }, (_, i) => `x${i}`), stopped_retention_cap: cap, is_poisoned: failed > 0, failed_actor_count: failed, debug } },
      children: [],
      parent: 'host:x',
      as_of: asOf,
    });
    expect(nodeLabel(proc(5, 1, 2, 100))).toBe('myproc  (7 actors: 1 system, 4 user, 2 stopped)');
    expect(nodeLabel(proc(0, 0, 0, 100))).toBe('myproc  (0 actors)');
    expect(nodeLabel(proc(2, 2, 3, 3, 1))).toBe('myproc  (5 actors: 2 system, 3 stopped (max retained))  [POISONED: 1 failed]');
    const actor: NodePayload = {
      identity: 'philosopher<2MuAHeDjLCEd>.philosophers<abc>@tcp://[::1]:2345',
      properties: { Actor: { actor_status: 'idle', actor_type: 'T', instance_id: 'i', messages_processed: 0, total_processing_time_us: 0, queue_depth: 0, is_system: false } },
      children: [],
      parent: 'philosophers<abc>@tcp://[::1]:2345',
      as_of: asOf,
    };
    expect(nodeLabel(actor)).toBe('philosopher<2MuAHeDjLCEd>');
    expect(nodeKind(actor)).toBe('actor');
    const err: NodePayload = { identity: 'x', properties: { Error: { code: 'not_found', message: 'actor not found' } }, children: [], parent: null, as_of: asOf };
    expect(nodeLabel(err)).toBe('[error] not_found: actor not found');
    expect(nodeKind(err)).toBe('error');
  });
});
