import { defineVerb } from '../../src/app/command.js';
import { textDefault } from '../../src/app/flags.js';
import { nameArg } from '../../src/app/names.js';

export default defineVerb({
  name: 'get',
  positional: '<job-id>',
  summary: 'show a job: status, run, failure (mn.error.v1), artifacts and recent events',
  args: {
    detail: textDefault('--detail <mode>', 'compact, summary or full (the raw runtime record)', 'compact'),
  },
  async run(s, opts, id) {
    id = nameArg(id, 'job');
    const { usageError } = await import('../../src/errors.js');
    if (!['compact', 'summary', 'full'].includes(opts.detail)) throw usageError(`invalid --detail "${opts.detail}"`, 'use compact, summary or full');
    const { MnClient } = await import('../../src/backends/mn/client.js');
    const { renderJobDetail } = await import('../../src/backends/mn/render.js');
    const d = await new MnClient(await s.client('mn')).getJob(id, opts.detail as 'compact');
    renderJobDetail(s.out, d, id);
  },
});
