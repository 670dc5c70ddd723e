import { defineVerb } from '../../src/app/command.js';
import { int, num } from '../../src/app/flags.js';
import { nameArg } from '../../src/app/names.js';


export default defineVerb({
  name: 'heartbeat',
  positional: '<node>',
  summary: 'send a heartbeat on behalf of a node (by id or name): it is alive now, with its load',
  args: {
    activeRequests: int('--active-requests <n>', 'requests in flight on the node', { min: 0 }),
    cpu: num('--cpu <percent>', 'CPU use, 0-100', { min: 0, max: 100 }),
    mem: num('--mem <percent>', 'memory use, 0-100', { min: 0, max: 100 }),
  },
  async run(s, opts, ref) {
    ref = nameArg(ref, 'node');
    const load = { active_requests: opts.activeRequests, cpu_percent: opts.cpu, memory_percent: opts.mem };
    const { AstromeshClient } = await import('../../src/backends/astromesh/client.js');
    const { findNode, heartbeatState } = await import('../../src/backends/astromesh/mesh.js');
    const client = new AstromeshClient(await s.client('astromesh'));
    const node = heartbeatState(findNode(await client.meshState(), ref), load);
    const r = await client.meshHeartbeat(node);
    s.out.item(
      [
        ['status', r.status, r.status === 'ok' ? 'ok' : undefined],
        ['node', node.name ?? node.node_id],
        ['heartbeat', new Date((node.last_heartbeat ?? 0) * 1000).toISOString()],
      ],
      { ...r, node },
      `node/${node.name ?? node.node_id}`,
    );
    return 0;
  },
});
