import { defineVerb } from '../../src/app/command.js';
import { list, text, textRequired } from '../../src/app/flags.js';

export default defineVerb({
  name: 'join',
  positional: '<node-id>',
  summary: 'announce a node to the daemon (as a starting node does); prints the resulting cluster',
  args: {
    url: textRequired('--url <url>', "the node's API URL, e.g. http://10.0.1.12:8000"),
    name: text('--name <name>', 'node name (without it: the node id)'),
    service: list('--service <name>', 'a service the node runs; repeat for more'),
    agent: list('--agent <agent>', 'an agent the node serves; repeat for more'),
  },
  async run(s, opts, nodeId) {
    const { AstromeshClient } = await import('../../src/backends/astromesh/client.js');
    const { newNodeState } = await import('../../src/backends/astromesh/mesh.js');
    const { renderCluster } = await import('../../src/backends/astromesh/render.js');
    const node = newNodeState({ node_id: nodeId, name: opts.name, url: opts.url, services: opts.service, agents: opts.agent });
    const c = await new AstromeshClient(await s.client('astromesh')).meshJoin(node);
    if (!s.out.structured) s.out.info(`${node.name} joined`);
    renderCluster(s.out, c);
    return 0;
  },
});
