import { defineVerb } from '../../src/app/command.js';
import { nameArg } from '../../src/app/names.js';

export default defineVerb({
  name: 'leave',
  positional: '<node>',
  summary: 'remove a node (by id, name or unique id prefix) from the daemon\'s mesh view',
  async run(s, _opts, ref) {
    ref = nameArg(ref, 'node');
    const { AstromeshClient } = await import('../../src/backends/astromesh/client.js');
    const { findNode } = await import('../../src/backends/astromesh/mesh.js');
    const client = new AstromeshClient(await s.client('astromesh'));
    const node = findNode(await client.meshState(), ref);
    const r = await client.meshLeave(node.node_id);
    s.out.item(
      [
        ['status', r.status, r.status === 'ok' ? 'ok' : undefined],
        ['node', node.name ?? node.node_id],
        ['node id', node.node_id],
      ],
      { ...r, node_id: node.node_id },
      `node/${node.name ?? node.node_id}`,
    );
    return 0;
  },
});
