import { defineVerb } from '../../src/app/command.js';
import { nameArg } from '../../src/app/names.js';

export default defineVerb({
  name: 'summary',
  positional: '<run-id>',
  summary: 'compact observability totals of a run (mn.observability_summary.v1)',
  async run(s, _opts, id) {
    id = nameArg(id, 'run');
    const { MnClient } = await import('../../src/backends/mn/client.js');
    const { renderObservability } = await import('../../src/backends/mn/render.js');
    renderObservability(s.out, await new MnClient(await s.client('mn')).observabilitySummary(id));
  },
});
