import { defineVerb } from '../../src/app/command.js';
import { limitDefault, text } from '../../src/app/flags.js';
import { nameArg } from '../../src/app/names.js';

export default defineVerb({
  name: 'timeline',
  positional: '<run-id>',
  summary: 'normalized timeline records of a run (mn.timeline.v1)',
  args: {
    limit: limitDefault('the last N records', 500, { min: 1, max: 5000 }),
    since: text('--since <time>', 'only records after this ISO-8601 time'),
  },
  async run(s, opts, id) {
    id = nameArg(id, 'run');
    const { usageError } = await import('../../src/errors.js');
    const limit = opts.limit;
    if (opts.since && Number.isNaN(Date.parse(opts.since))) throw usageError(`invalid --since "${opts.since}"`, 'give an ISO-8601 time');
    const { MnClient } = await import('../../src/backends/mn/client.js');
    const { timelineView } = await import('../../src/backends/mn/render.js');
    const res = await new MnClient(await s.client('mn')).runTimeline(id, { limit, since: opts.since });
    s.out.list(res.data, timelineView, res);
  },
});
