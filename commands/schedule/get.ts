import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';
import { nameArg } from '../../src/app/names.js';

export default function register(noun: Command, host: CommandHost): void {
  noun
    .command('get <schedule-id>')
    .description('one schedule: when it runs next, what it dispatched')
    .action(
      host.act(async (s, _opts, id) => {
        id = nameArg(id, 'schedule');
        const { MnClient } = await import('../../src/backends/mn/client.js');
        const { renderSchedule } = await import('../../src/backends/mn/render.js');
        renderSchedule(s.out, await new MnClient(await s.client('mn')).getSchedule(id));
      }),
    );
}
