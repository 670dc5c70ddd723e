import { defineVerb } from '../../src/app/command.js';
import { nameArg } from '../../src/app/names.js';

export default defineVerb({
  name: 'progress',
  positional: '<job-id>',
  summary: 'one workflow-progress snapshot: steps, agents, tokens, failure',
  async run(s, _opts, id) {
    id = nameArg(id, 'job');
    const { MnClient } = await import('../../src/backends/mn/client.js');
    const { renderProgress } = await import('../../src/backends/mn/render.js');
    renderProgress(s.out, await new MnClient(await s.client('mn')).workflowProgress(id));
  },
});
