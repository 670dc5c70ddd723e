import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';

export default function register(noun: Command, host: CommandHost): void {
  noun
    .command('gossip')
    .description("push-pull gossip: send node states (from a file) and print the daemon's merged view")
    .option('--nodes-file <file>', 'JSON list of node states, or {"nodes": [...]}; "-" reads stdin (default: send none, just pull)')
    .action(
      host.act(async (s, opts: { nodesFile?: string }) => {
        let nodes: unknown[] = [];
        if (opts.nodesFile) {
          const { jsonFlag, readQuery } = await import('../../src/backends/astromesh/input.js');
          const { gossipNodes } = await import('../../src/backends/astromesh/mesh.js');
          const data = opts.nodesFile === '-' ? jsonFlag(await readQuery(s.io.stdin), '--nodes-file') : jsonFlag(`@${opts.nodesFile}`, '--nodes-file');
          nodes = gossipNodes(data);
        }
        const { AstromeshClient } = await import('../../src/backends/astromesh/client.js');
        const { nodeRows, nodesView } = await import('../../src/backends/astromesh/render.js');
        const r = await new AstromeshClient(await s.client('astromesh')).meshGossip(nodes);
        const merged = r.nodes ?? r.state ?? [];
        if (!s.out.structured) s.out.info(`sent ${nodes.length} node state${nodes.length === 1 ? '' : 's'}; the daemon knows ${merged.length}`);
        s.out.list(nodeRows(merged), nodesView, r);
        return 0;
      }),
    );
}
