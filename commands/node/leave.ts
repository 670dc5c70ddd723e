/** node remove | leave NODE_NAME. */
import { defineVerb } from '../../src/app/command.js';
import { nameArg } from '../../src/app/names.js';

export function leaveVerb(verb: 'remove' | 'leave') {
  return defineVerb({
    name: verb,
    positional: '<node-name>',
    summary: verb === 'remove' ? 'remove a node from this cluster (NODE_NAME is mirror_neuron@host)' : 'make a node leave the cluster (NODE_NAME is mirror_neuron@host)',
    async run(s, _opts, nodeName) {
          nodeName = nameArg(nodeName, 'node');
          const { usageError } = await import('../../src/errors.js');
          if (!nodeName.includes('@')) throw usageError(`"${nodeName}" is not a node name`, `node names look like mirror_neuron@${nodeName}; see \`meshscope runtime summary\``);
          const { MnClient } = await import('../../src/backends/mn/client.js');
          const { statusTone } = await import('../../src/backends/mn/render.js');
          const res = await new MnClient(await s.client('mn')).removeNode(nodeName, verb);
          s.out.item(
            [
              ['Node', res.node_name],
              ['Status', res.status, statusTone(res.status)],
              ['Message', res.message],
            ],
            res,
            `node/${res.node_name}`,
          );
          return res.ok ? 0 : 1;
    },
  });
}

export const remove = leaveVerb('remove');
export const leave = leaveVerb('leave');
