import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';
import { nameArg } from '../../src/app/names.js';

export default function register(noun: Command, host: CommandHost): void {
  noun
    .command('respond <run-id> <request-id>')
    .description('answer a human review request')
    .requiredOption('--decision <decision>', 'approve, reject, or another decision the request offers')
    .option('--notes <text>', 'notes for the record')
    .option('--reviewer <name>', 'who decided', 'meshscope')
    .action(
      host.act(async (s, opts: { decision: string; notes?: string; reviewer?: string }, runId, requestId) => {
        runId = nameArg(runId, 'run');
        requestId = nameArg(requestId, 'human');
        const { MnClient } = await import('../../src/backends/mn/client.js');
        const rec = await new MnClient(await s.client('mn')).respondHuman(runId, requestId, { decision: opts.decision, notes: opts.notes, reviewer: opts.reviewer ?? 'meshscope' });
        s.out.item(
          [
            ['Request', requestId],
            ['Decision', opts.decision],
            ['Recorded', rec.type],
            ['At', rec.ts],
          ],
          rec,
          `human/${requestId}`,
        );
      }),
    );
}
