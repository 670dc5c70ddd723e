import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';

export default function register(noun: Command, host: CommandHost): void {
  noun
    .command('list')
    .alias('ls')
    .description('recent trigger events, newest first')
    .option('--limit <n>', 'at most N events', '100')
    .action(
      host.act(async (s, opts: { limit?: string }) => {
        const { intFlag } = await import('../../src/backends/mn/files.js');
        const { MnClient } = await import('../../src/backends/mn/client.js');
        const { triggerEventView } = await import('../../src/backends/mn/render.js');
        const res = await new MnClient(await s.client('mn')).listEvents(intFlag(opts.limit, '--limit', 1, 1000));
        s.out.list(res.events, triggerEventView, res);
      }),
    );
}
