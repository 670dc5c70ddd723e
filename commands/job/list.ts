import { defineVerb } from '../../src/app/command.js';
import { bool, textDefault } from '../../src/app/flags.js';

export default defineVerb({
  name: 'list',
  aliases: ['ls'],
  summary: 'list jobs, newest first (active ones unless --all)',
  args: {
    limit: textDefault('--limit <n>', 'at most this many jobs', '20'),
    all: bool('--all', 'include completed, failed and cancelled jobs'),
  },
  async run(s, opts) {
    const { intFlag } = await import('../../src/backends/mn/files.js');
    const limit = intFlag(opts.limit, '--limit', 1, 1000);
    const { MnClient } = await import('../../src/backends/mn/client.js');
    const { listJobs } = await import('../../src/backends/mn/flows.js');
    await listJobs(new MnClient(await s.client('mn')), s.out, { limit, all: opts.all });
  },
});
