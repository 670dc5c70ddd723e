import { defineVerb } from '../../src/app/command.js';
import { limitDefault, textDefault } from '../../src/app/flags.js';
import { nameArg } from '../../src/app/names.js';

export default defineVerb({
  name: 'events',
  positional: '<job-id>',
  summary: 'runtime events of a job, oldest first',
  args: {
    limit: limitDefault('the last N events', 200, { min: 1, max: 5000 }),
    detail: textDefault('--detail <mode>', 'compact, summary or full', 'compact'),
  },
  async run(s, opts, id) {
    id = nameArg(id, 'job');
    const { usageError } = await import('../../src/errors.js');
    if (!['compact', 'summary', 'full'].includes(opts.detail)) throw usageError(`invalid --detail "${opts.detail}"`, 'use compact, summary or full');
    const limit = opts.limit;
    const { MnClient } = await import('../../src/backends/mn/client.js');
    const { eventView } = await import('../../src/backends/mn/render.js');
    const res = await new MnClient(await s.client('mn')).jobEvents(id, { limit, include: opts.detail as 'compact' });
    if (res.warning) s.out.warn(res.warning);
    s.out.list(res.data, eventView, res);
  },
});
