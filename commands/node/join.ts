/** node add | join HOST: the join token comes from --token, MN_JOIN_TOKEN or stdin (a hidden prompt on a terminal); never echoed. */
import { defineVerb } from '../../src/app/command.js';
import { intDefault, text } from '../../src/app/flags.js';

export function joinVerb(verb: 'add' | 'join') {
  return defineVerb({
    name: verb,
    positional: '<host>',
    summary: verb === 'add' ? 'add a node to this cluster (the gateway contacts it with the join token)' : 'join a node to the cluster through the REST gateway',
    args: {
      token: text('--token <token>', 'the join token (visible to other users in the process list: prefer MN_JOIN_TOKEN or stdin)'),
      grpcPort: intDefault('--grpc-port <port>', 'the node\'s gRPC port', 55051, { min: 1, max: 65535 }),
    },
    notes: `The join token is read from --token, else $MN_JOIN_TOKEN, else stdin (a hidden prompt on a terminal):\n  printf '%s' "$TOKEN" | meshscope node ${verb} 10.0.0.42`,
    async run(s, opts, hostName) {
          const { readSecret } = await import('../../src/output/prompt.js');
          const grpcPort = opts.grpcPort;
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
    },
  });
}

export const add = joinVerb('add');
export const join = joinVerb('join');
