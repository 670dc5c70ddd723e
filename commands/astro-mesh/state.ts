import { defineVerb } from '../../src/app/command.js';

export default defineVerb({
  name: 'state',
  summary: "the cluster as this daemon sees it: nodes, status (alive/suspect/dead), heartbeats, leader",
  async run(s, _opts) {
    const { AstromeshClient } = await import('../../src/backends/astromesh/client.js');
    const { renderCluster } = await import('../../src/backends/astromesh/render.js');
    const client = new AstromeshClient(await s.client('astromesh'));
    const state = await client.meshState();
    // which node is this daemon: its status names it (a table nicety; -o json is the state as sent)
    const self = s.out.structured ? undefined : (await client.status().catch(() => undefined))?.mesh?.node_id;
    renderCluster(s.out, state, self);
    return 0;
  },
});
