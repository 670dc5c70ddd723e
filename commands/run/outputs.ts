import { defineVerb } from '../../src/app/command.js';
import { nameArg } from '../../src/app/names.js';

export default defineVerb({
  name: 'outputs',
  positional: '<run-id>',
  summary: 'the user-facing outputs of a run',
  async run(s, _opts, id) {
    id = nameArg(id, 'run');
    const { MnClient } = await import('../../src/backends/mn/client.js');
    const { outputView } = await import('../../src/backends/mn/render.js');
    const res = await new MnClient(await s.client('mn')).runOutputs(id);
    s.out.list(res.outputs, outputView, res);
  },
});
