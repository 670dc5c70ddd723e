import { defineVerb } from '../../src/app/command.js';
import { text } from '../../src/app/flags.js';

export default defineVerb({
  name: 'gossip',
  summary: "push-pull gossip: send node states (from a file) and print the daemon's merged view",
  args: {
    nodesFile: text('--nodes-file <file>', 'JSON list of node states, or {"nodes": [...]}; "-" reads stdin (default: send none, just pull)'),
  },
  async run(s, opts) {
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
  },
});
