import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';
import { nameArg } from '../../src/app/names.js';

export default function register(noun: Command, host: CommandHost): void {
  noun
    .command('ack <run-id> <notice-id>')
    .description('acknowledge a human notice')
    .option('--reviewer <name>', 'who acknowledged', 'meshscope')
    .option('--notes <text>', 'notes for the record')
    .action(
      host.act(async (s, opts: { reviewer?: string; notes?: string }, runId, noticeId) => {
        runId = nameArg(runId, 'run');
        noticeId = nameArg(noticeId, 'human');
        const { MnClient } = await import('../../src/backends/mn/client.js');
        const rec = await new MnClient(await s.client('mn')).ackHuman(runId, noticeId, { reviewer: opts.reviewer ?? 'meshscope', notes: opts.notes });
        s.out.item(
          [
            ['Notice', noticeId],
            ['Recorded', rec.type],
            ['At', rec.ts],
          ],
          rec,
          `human/${noticeId}`,
        );
      }),
    );
}
