import { defineVerb } from '../../src/app/command.js';
import { nameArg } from '../../src/app/names.js';

export default defineVerb({
  name: 'dead-letters',
  positional: '<job-id>',
  summary: 'messages the runtime could not route or process for a job',
  async run(s, _opts, id) {
    id = nameArg(id, 'job');
    const { MnClient } = await import('../../src/backends/mn/client.js');
    const { deadLetterView } = await import('../../src/backends/mn/render.js');
    const res = await new MnClient(await s.client('mn')).deadLetters(id);
    s.out.list(res.data, deadLetterView, res);
  },
});
