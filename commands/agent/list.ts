import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';

export default function register(noun: Command, host: CommandHost): void {
  noun
    .command('list')
    .alias('ls')
    .description('agents loaded in the astromesh daemon (GET /v1/agents)')
    .action(
      host.act(async (s) => {
        const { AstromeshClient } = await import('../../src/backends/astromesh/client.js');
        const { agentsView } = await import('../../src/backends/astromesh/render.js');
        const res = await new AstromeshClient(await s.client('astromesh')).listAgents();
        s.out.list(res.agents, agentsView, res);
        return 0;
      }),
    );
}
