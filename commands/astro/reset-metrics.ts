import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';

export default function register(noun: Command, host: CommandHost): void {
  noun
    .command('reset-metrics')
    .description("clear the daemon's in-memory counters and histograms")
    .action(
      host.act(async (s) => {
        const { AstromeshClient } = await import('../../src/backends/astromesh/client.js');
        const r = await new AstromeshClient(await s.client('astromesh')).resetMetrics();
        s.out.item([['status', r.status, r.status === 'reset' ? 'ok' : undefined]], r, r.status);
        return 0;
      }),
    );
}
