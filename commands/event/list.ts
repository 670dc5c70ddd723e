import { defineVerb } from '../../src/app/command.js';
import { limitDefault } from '../../src/app/flags.js';

export default defineVerb({
  name: 'list',
  aliases: ['ls'],
  summary: 'recent trigger events, newest first',
  args: {
    limit: limitDefault('at most N events', 100, { min: 1, max: 1000 }),
  },
  async run(s, opts) {
    const { MnClient } = await import('../../src/backends/mn/client.js');
    const { triggerEventView } = await import('../../src/backends/mn/render.js');
    const res = await new MnClient(await s.client('mn')).listEvents(opts.limit);
    s.out.list(res.events, triggerEventView, res);
  },
});
