import { defineVerb } from '../../src/app/command.js';
import { text } from '../../src/app/flags.js';

export default defineVerb({
  name: 'list',
  aliases: ['ls'],
  summary: 'schedules',
  args: {
    kind: text('--kind <kind>', 'periodic, delayed or event'),
    status: text('--status <status>', 'active, paused or completed'),
  },
  async run(s, opts) {
    const { usageError } = await import('../../src/errors.js');
    if (opts.kind && !['periodic', 'delayed', 'event'].includes(opts.kind)) throw usageError(`invalid --kind "${opts.kind}"`, 'use periodic, delayed or event');
    const { MnClient } = await import('../../src/backends/mn/client.js');
    const { scheduleView } = await import('../../src/backends/mn/render.js');
    const res = await new MnClient(await s.client('mn')).listSchedules(opts);
    s.out.list(res.schedules, scheduleView, res);
  },
});
