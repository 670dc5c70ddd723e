import { defineVerb } from '../../src/app/command.js';
import { bool } from '../../src/app/flags.js';
import { nameArg } from '../../src/app/names.js';

export default defineVerb({
  name: 'human',
  positional: '<run-id>',
  summary: 'human review requests and notices of a run',
  args: {
    pending: bool('--pending', 'only those still waiting for a response or an acknowledgement'),
  },
  async run(s, opts, id) {
    id = nameArg(id, 'run');
    const { MnClient } = await import('../../src/backends/mn/client.js');
    const { humanView } = await import('../../src/backends/mn/render.js');
    const res = await new MnClient(await s.client('mn')).runHuman(id, Boolean(opts.pending));
    s.out.list(res.data, humanView, res);
  },
});
