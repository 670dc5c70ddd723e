import { defineVerb } from '../../src/app/command.js';

export default defineVerb({
  name: 'summary',
  summary: 'cluster overview: nodes and the jobs they run',
  async run(s, _opts) {
    const { MnClient } = await import('../../src/backends/mn/client.js');
    const { renderSummary } = await import('../../src/backends/mn/render.js');
    renderSummary(s.out, await new MnClient(await s.client('mn')).systemSummary());
  },
});
