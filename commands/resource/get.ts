import { defineVerb } from '../../src/app/command.js';

export default defineVerb({
  name: 'get',
  summary: 'resource totals of the cluster and the limits in force',
  async run(s, _opts) {
    const { MnClient } = await import('../../src/backends/mn/client.js');
    const { renderResource } = await import('../../src/backends/mn/render.js');
    renderResource(s.out, await new MnClient(await s.client('mn')).getResource());
  },
});
