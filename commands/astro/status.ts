import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';

export default function register(noun: Command, host: CommandHost): void {
  noun
    .command('status')
    .description('daemon status: version, mode, pid, uptime, agents, services, peers, mesh')
    .action(
      host.act(async (s) => {
        const { AstromeshClient } = await import('../../src/backends/astromesh/client.js');
        const { renderStatus } = await import('../../src/backends/astromesh/render.js');
        renderStatus(s.out, await new AstromeshClient(await s.client('astromesh')).status());
        return 0;
      }),
    );
}
