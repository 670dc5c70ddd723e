import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';

export default function register(noun: Command, host: CommandHost): void {
  noun
    .command('list')
    .alias('ls')
    .description('every tool the daemon knows: built-ins and integration actions (-o wide: agents, writes)')
    .action(
      host.act(async (s) => {
        const { AstromeshClient } = await import('../../src/backends/astromesh/client.js');
        const { toolsView } = await import('../../src/backends/astromesh/render.js');
        const r = await new AstromeshClient(await s.client('astromesh')).tools();
        s.out.list(r.tools, toolsView, r);
        return 0;
      }),
    );
}
