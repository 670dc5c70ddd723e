import { defineVerb } from '../../src/app/command.js';

export default defineVerb({
  name: 'list',
  aliases: ['ls'],
  summary: 'agents loaded in the astromesh daemon (GET /v1/agents)',
  async run(s, _opts) {
    const { AstromeshClient } = await import('../../src/backends/astromesh/client.js');
    const { agentsView } = await import('../../src/backends/astromesh/render.js');
    const res = await new AstromeshClient(await s.client('astromesh')).listAgents();
    s.out.list(res.agents, agentsView, res);
    return 0;
  },
});
