import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';

export default function register(noun: Command, host: CommandHost): void {
  noun
    .command('get')
    .description('resource totals of the cluster and the limits in force')
    .action(
      host.act(async (s) => {
        const { MnClient } = await import('../../src/backends/mn/client.js');
        const { renderResource } = await import('../../src/backends/mn/render.js');
        renderResource(s.out, await new MnClient(await s.client('mn')).getResource());
      }),
    );
}
