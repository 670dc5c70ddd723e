import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';

export default function register(noun: Command, host: CommandHost): void {
  noun
    .command('metrics')
    .description('runtime metrics: jobs by status, agent queue depth, nodes')
    .action(
      host.act(async (s) => {
        const { MnClient } = await import('../../src/backends/mn/client.js');
        const { renderMetrics } = await import('../../src/backends/mn/render.js');
        renderMetrics(s.out, await new MnClient(await s.client('mn')).metrics());
      }),
    );
}
