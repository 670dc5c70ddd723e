import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';

export default function register(noun: Command, host: CommandHost): void {
  noun
    .command('metrics')
    .description("the daemon's in-memory counters and histograms (runs, tool executions, latencies)")
    .action(
      host.act(async (s) => {
        const { AstromeshClient } = await import('../../src/backends/astromesh/client.js');
        const { renderMetrics } = await import('../../src/backends/astromesh/render.js');
        renderMetrics(s.out, await new AstromeshClient(await s.client('astromesh')).metrics());
        return 0;
      }),
    );
}
