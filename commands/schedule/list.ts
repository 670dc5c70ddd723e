import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';

export default function register(noun: Command, host: CommandHost): void {
  noun
    .command('list')
    .alias('ls')
    .description('schedules')
    .option('--kind <kind>', 'periodic, delayed or event')
    .option('--status <status>', 'active, paused or completed')
    .action(
      host.act(async (s, opts: { kind?: string; status?: string }) => {
        const { usageError } = await import('../../src/errors.js');
        if (opts.kind && !['periodic', 'delayed', 'event'].includes(opts.kind)) throw usageError(`invalid --kind "${opts.kind}"`, 'use periodic, delayed or event');
        const { MnClient } = await import('../../src/backends/mn/client.js');
        const { scheduleView } = await import('../../src/backends/mn/render.js');
        const res = await new MnClient(await s.client('mn')).listSchedules(opts);
        s.out.list(res.schedules, scheduleView, res);
      }),
    );
}
