import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';
import { nameArg } from '../../src/app/names.js';

export default function register(noun: Command, host: CommandHost): void {
  noun
    .command('events <job-id>')
    .description('runtime events of a job, oldest first')
    .option('--limit <n>', 'the last N events (1-5000)', '200')
    .option('--detail <mode>', 'compact, summary or full', 'compact')
    .action(
      host.act(async (s, opts: { limit?: string; detail: string }, id) => {
        id = nameArg(id, 'job');
        const { usageError } = await import('../../src/errors.js');
        if (!['compact', 'summary', 'full'].includes(opts.detail)) throw usageError(`invalid --detail "${opts.detail}"`, 'use compact, summary or full');
        const { intFlag } = await import('../../src/backends/mn/files.js');
        const limit = intFlag(opts.limit, '--limit', 1, 5000);
        const { MnClient } = await import('../../src/backends/mn/client.js');
        const { eventView } = await import('../../src/backends/mn/render.js');
        const res = await new MnClient(await s.client('mn')).jobEvents(id, { limit, include: opts.detail as 'compact' });
        if (res.warning) s.out.warn(res.warning);
        s.out.list(res.data, eventView, res);
      }),
    );
}
