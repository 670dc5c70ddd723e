import { defineVerb } from '../../src/app/command.js';
import { nameArg } from '../../src/app/names.js';

export default defineVerb({
  name: 'get',
  positional: '<blueprint-id>',
  summary: 'one catalog blueprint',
  async run(s, _opts, id) {
    id = nameArg(id, 'blueprint');
    const { MnClient } = await import('../../src/backends/mn/client.js');
    const { renderBlueprint } = await import('../../src/backends/mn/render.js');
    const res = await new MnClient(await s.client('mn')).getBlueprint(id);
    renderBlueprint(s.out, res.blueprint, res);
  },
});
