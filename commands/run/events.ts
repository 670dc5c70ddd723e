import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';
import { nameArg } from '../../src/app/names.js';

export default function register(noun: Command, host: CommandHost): void {
  noun
    .command('events <run-id>')
    .description('run-store events of a run (events.jsonl; --channel human for human events)')
    .option('--limit <n>', 'the last N events', '200')
    .option('--channel <name>', 'read another channel (human)')
    .action(
      host.act(async (s, opts: { limit?: string; channel?: string }, id) => {
        id = nameArg(id, 'run');
        const { intFlag } = await import('../../src/backends/mn/files.js');
        const limit = intFlag(opts.limit, '--limit', 1, 5000);
        const { MnClient } = await import('../../src/backends/mn/client.js');
        const { runEventView } = await import('../../src/backends/mn/render.js');
        const res = await new MnClient(await s.client('mn')).runEvents(id, { limit, channel: opts.channel });
        s.out.list(res.data, runEventView, res);
      }),
    );
}
