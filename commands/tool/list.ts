import { defineVerb } from '../../src/app/command.js';

export default defineVerb({
  name: 'list',
  aliases: ['ls'],
  summary: 'every tool the daemon knows: built-ins and integration actions (-o wide: agents, writes)',
  async run(s, _opts) {
    const { AstromeshClient } = await import('../../src/backends/astromesh/client.js');
    const { toolsView } = await import('../../src/backends/astromesh/render.js');
    const r = await new AstromeshClient(await s.client('astromesh')).tools();
    s.out.list(r.tools, toolsView, r);
    return 0;
  },
});
