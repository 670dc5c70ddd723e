import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';

export default function register(noun: Command, host: CommandHost): void {
  noun
    .command('election')
    .description('trigger a leader election (bully: the highest alive node id wins) and print the leader')
    .option('--candidate <id>', 'candidate_id sent with the request (default: meshscope)', 'meshscope')
    .option('--node <node>', 'node_id of the sender (default: meshscope)', 'meshscope')
    .action(
      host.act(async (s, opts: { candidate: string; node: string }) => {
        const { AstromeshClient } = await import('../../src/backends/astromesh/client.js');
        const client = new AstromeshClient(await s.client('astromesh'));
        const r = await client.meshElection(opts.candidate, opts.node);
        const leaderId = r.leader_id ?? null;
        let name: string | undefined;
        if (leaderId && !s.out.structured) {
          const state = await client.meshState().catch(() => undefined);
          name = state?.nodes.find((n) => n.node_id === leaderId)?.name;
        }
        s.out.item(
          [
            ['leader', name ?? leaderId ?? 'none (no alive node)', leaderId ? 'ok' : 'bad'],
            ['leader id', leaderId ?? undefined],
          ],
          r,
          leaderId ?? '',
        );
        return leaderId ? 0 : 1;
      }),
    );
}
