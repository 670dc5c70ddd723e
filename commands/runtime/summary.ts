import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';

export default function register(noun: Command, host: CommandHost): void {
  noun
    .command('summary')
    .description('cluster overview: nodes and the jobs they run')
    .action(
      host.act(async (s) => {
        const { MnClient } = await import('../../src/backends/mn/client.js');
        const { renderSummary } = await import('../../src/backends/mn/render.js');
        renderSummary(s.out, await new MnClient(await s.client('mn')).systemSummary());
      }),
    );
}
