/** node add | join HOST: the join token comes from --token, MN_JOIN_TOKEN or stdin (a hidden prompt on a terminal); never echoed. */
import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';

interface Opts {
  token?: string;
  grpcPort?: string;
}

export function joinVerb(verb: 'add' | 'join') {
  return function register(noun: Command, host: CommandHost): void {
    noun
      .command(`${verb} <host>`)
      .description(verb === 'add' ? 'add a node to this cluster (the gateway contacts it with the join token)' : 'join a node to the cluster through the REST gateway')
      .option('--token <token>', 'the join token (visible to other users in the process list: prefer MN_JOIN_TOKEN or stdin)')
      .option('--grpc-port <port>', 'the node\'s gRPC port', '55051')
      .addHelpText('after', `\nThe join token is read from --token, else $MN_JOIN_TOKEN, else stdin (a hidden prompt on a terminal):\n  printf '%s' "$TOKEN" | meshscope node ${verb} 10.0.0.42`)
      .action(
        host.act(async (s, opts: Opts, hostName) => {
          const { intFlag } = await import('../../src/backends/mn/files.js');
          const { readSecret } = await import('../../src/output/prompt.js');
          const grpcPort = intFlag(opts.grpcPort, '--grpc-port', 1, 65535);
          const token = opts.token || s.io.env.MN_JOIN_TOKEN || (await readSecret(s.io, `join token for ${hostName}: `, 'join token', s.signal));
          const { MnClient } = await import('../../src/backends/mn/client.js');
          const res = await new MnClient(await s.client('mn')).addNode({ host: hostName, token, grpc_port: grpcPort }, verb);
          const { statusTone } = await import('../../src/backends/mn/render.js');
          const hs = res.handshake ?? {};
          s.out.item(
            [
              ['Node', res.node_name],
              ['Status', res.status, statusTone(res.status)],
              ['Message', res.message],
              ['gRPC', hs.grpc_host ? `${hs.grpc_host}:${hs.grpc_port ?? ''}` : undefined],
              ['Cluster', Array.isArray(hs.cluster_nodes) ? `${hs.cluster_nodes.length} node(s)` : undefined],
            ],
            res,
            `node/${res.node_name}`,
          );
          return res.ok ? 0 : 1;
        }),
      );
  };
}

export const add = joinVerb('add');
export const join = joinVerb('join');
