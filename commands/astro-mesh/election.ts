import { defineVerb } from '../../src/app/command.js';
import { textDefault } from '../../src/app/flags.js';

export default defineVerb({
  name: 'election',
  summary: 'trigger a leader election (bully: the highest alive node id wins) and print the leader',
  args: {
    candidate: textDefault('--candidate <id>', 'candidate_id sent with the request (default: meshscope)', 'meshscope'),
    node: textDefault('--node <node>', 'node_id of the sender (default: meshscope)', 'meshscope'),
  },
  async run(s, opts) {
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
  },
});
