import { defineVerb } from '../../src/app/command.js';
import { nameArg } from '../../src/app/names.js';

export default defineVerb({
  name: 'get',
  positional: '<schedule-id>',
  summary: 'one schedule: when it runs next, what it dispatched',
  async run(s, _opts, id) {
    id = nameArg(id, 'schedule');
    const { MnClient } = await import('../../src/backends/mn/client.js');
    const { renderSchedule } = await import('../../src/backends/mn/render.js');
    renderSchedule(s.out, await new MnClient(await s.client('mn')).getSchedule(id));
  },
});
