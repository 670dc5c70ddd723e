import { defineVerb } from '../../src/app/command.js';

export default defineVerb({
  name: 'metrics',
  summary: 'runtime metrics: jobs by status, agent queue depth, nodes',
  async run(s, _opts) {
    const { MnClient } = await import('../../src/backends/mn/client.js');
    const { renderMetrics } = await import('../../src/backends/mn/render.js');
    renderMetrics(s.out, await new MnClient(await s.client('mn')).metrics());
  },
});
