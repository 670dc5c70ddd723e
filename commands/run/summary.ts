import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';
import { nameArg } from '../../src/app/names.js';

export default function register(noun: Command, host: CommandHost): void {
  noun
    .command('summary <run-id>')
    .description('compact observability totals of a run (mn.observability_summary.v1)')
    .action(
      host.act(async (s, _opts, id) => {
        id = nameArg(id, 'run');
        const { MnClient } = await import('../../src/backends/mn/client.js');
        const { renderObservability } = await import('../../src/backends/mn/render.js');
        renderObservability(s.out, await new MnClient(await s.client('mn')).observabilitySummary(id));
      }),
    );
}
