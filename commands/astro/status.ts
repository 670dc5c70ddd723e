import { defineVerb } from '../../src/app/command.js';

export default defineVerb({
  name: 'status',
  summary: 'daemon status: version, mode, pid, uptime, agents, services, peers, mesh',
  async run(s, _opts) {
    const { AstromeshClient } = await import('../../src/backends/astromesh/client.js');
    const { renderStatus } = await import('../../src/backends/astromesh/render.js');
    renderStatus(s.out, await new AstromeshClient(await s.client('astromesh')).status());
    return 0;
  },
});
