import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';

export default function register(noun: Command, host: CommandHost): void {
  noun
    .command('store <ref>')
    .description('take a py-spy dump of a proc and store it in the telemetry store; prints the dump_id and the query that reads it back')
    .action(
      host.act(async (s, _opts: Record<string, never>, ref: string) => {
        const { pyspyStore } = await import('../../src/profiling/pyspy-flows.js');
        const { AdminClient } = await import('../../src/backends/admin/client.js');
        return pyspyStore(new AdminClient(await s.client('admin')), s.out, ref, s.signal);
      }),
    );
}
