import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';

export default function register(noun: Command, host: CommandHost): void {
  noun
    .command('list')
    .alias('ls')
    .description('agent run traces, newest first')
    .option('--agent <agent>', 'only the runs of this agent')
    .option('--limit <n>', 'at most this many traces (1-100, daemon default 20)')
    .action(
      host.act(async (s, opts: { agent?: string; limit?: string }) => {
        const { intFlag } = await import('../../src/backends/astromesh/input.js');
        // The range (1..100) is the daemon's to check: its 422 names the field.
        const limit = intFlag(opts.limit, '--limit', Number.MIN_SAFE_INTEGER);
        const { AstromeshClient } = await import('../../src/backends/astromesh/client.js');
        const { summarizeTrace, tracesView } = await import('../../src/backends/astromesh/render.js');
        const r = await new AstromeshClient(await s.client('astromesh')).traces({ agent: opts.agent, limit });
        s.out.list(r.traces.map(summarizeTrace), tracesView, r);
        return 0;
      }),
    );
}
