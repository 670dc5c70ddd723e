import { defineVerb } from '../../src/app/command.js';
import { file, legacy, parseJsonValue } from '../../src/app/flags.js';

export default defineVerb({
  name: 'gossip',
  summary: "push-pull gossip: send node states (from a file) and print the daemon's merged view",
  args: {
    file: file('JSON list of node states, or {"nodes": [...]}; without it: send none, just pull'),
    nodesFile: legacy('--nodes-file <file>', 'file', '-f/--file'),
  },
  async run(s, opts) {
    let nodes: unknown[] = [];
    if (opts.file) {
      const { gossipNodes } = await import('../../src/backends/astromesh/mesh.js');
      const data = await parseJsonValue(opts.file === '-' ? '-' : `@${opts.file}`, '--file', { stdin: s.io.stdin });
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
