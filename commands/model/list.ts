import { defineVerb } from '../../src/app/command.js';

export default defineVerb({
  name: 'list',
  aliases: ['ls'],
  summary: 'Docker Model Runner models visible to this node',
  async run(s, _opts) {
    const { MnClient } = await import('../../src/backends/mn/client.js');
    const { modelView } = await import('../../src/backends/mn/render.js');
    const res = await new MnClient(await s.client('mn')).listModels();
    if (res.runner_available === false) s.out.warn('the Docker Model Runner is not available on this node');
    s.out.list(res.models, modelView, res);
  },
});
