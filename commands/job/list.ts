import { defineVerb } from '../../src/app/command.js';
import { bool, limitDefault } from '../../src/app/flags.js';

export default defineVerb({
  name: 'list',
  aliases: ['ls'],
  summary: 'list jobs, newest first (active ones unless --all)',
  args: {
    limit: limitDefault('at most this many jobs', 20, { min: 1, max: 1000 }),
    all: bool('--all', 'include completed, failed and cancelled jobs'),
  },
  async run(s, opts) {
    const limit = opts.limit;
    const { MnClient } = await import('../../src/backends/mn/client.js');
    const { listJobs } = await import('../../src/backends/mn/flows.js');
    await listJobs(new MnClient(await s.client('mn')), s.out, { limit, all: opts.all });
  },
});
