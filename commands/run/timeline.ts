import { defineVerb } from '../../src/app/command.js';
import { text, textDefault } from '../../src/app/flags.js';
import { nameArg } from '../../src/app/names.js';

export default defineVerb({
  name: 'timeline',
  positional: '<run-id>',
  summary: 'normalized timeline records of a run (mn.timeline.v1)',
  args: {
    limit: textDefault('--limit <n>', 'the last N records', '500'),
    since: text('--since <time>', 'only records after this ISO-8601 time'),
  },
  async run(s, opts, id) {
    id = nameArg(id, 'run');
    const { usageError } = await import('../../src/errors.js');
    const { intFlag } = await import('../../src/backends/mn/files.js');
    const limit = intFlag(opts.limit, '--limit', 1, 5000);
    if (opts.since && Number.isNaN(Date.parse(opts.since))) throw usageError(`invalid --since "${opts.since}"`, 'give an ISO-8601 time');
    const { MnClient } = await import('../../src/backends/mn/client.js');
    const { timelineView } = await import('../../src/backends/mn/render.js');
    const res = await new MnClient(await s.client('mn')).runTimeline(id, { limit, since: opts.since });
    s.out.list(res.data, timelineView, res);
  },
});
