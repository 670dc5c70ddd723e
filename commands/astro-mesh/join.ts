import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';

interface Opts {
  name?: string;
  url: string;
  service: string[];
  agent: string[];
}

export default function register(noun: Command, host: CommandHost): void {
  const collect = (v: string, p: string[]) => [...p, v];
  noun
    .command('join <node-id>')
    .description('announce a node to the daemon (as a starting node does); prints the resulting cluster')
    .requiredOption('--url <url>', "the node's API URL, e.g. http://10.0.1.12:8000")
    .option('--name <name>', 'node name (default: the node id)')
    .option('--service <name>', 'a service the node runs; repeat for more', collect, [] as string[])
    .option('--agent <agent>', 'an agent the node serves; repeat for more', collect, [] as string[])
    .action(
      host.act(async (s, opts: Opts, nodeId) => {
        const { AstromeshClient } = await import('../../src/backends/astromesh/client.js');
        const { newNodeState } = await import('../../src/backends/astromesh/mesh.js');
        const { renderCluster } = await import('../../src/backends/astromesh/render.js');
        const node = newNodeState({ node_id: nodeId, name: opts.name, url: opts.url, services: opts.service, agents: opts.agent });
        const c = await new AstromeshClient(await s.client('astromesh')).meshJoin(node);
        if (!s.out.structured) s.out.info(`${node.name} joined`);
        renderCluster(s.out, c);
        return 0;
      }),
    );
}
