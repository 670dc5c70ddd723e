import { defineVerb } from '../../src/app/command.js';
import { yes } from '../../src/app/flags.js';

export default defineVerb({
  name: 'cleanup',
  summary: 'clear the records of completed, failed and cancelled jobs (asks first on a terminal; --yes otherwise)',
  args: {
    yes: yes('do not ask'),
  },
  async run(s, opts) {
    const { MnClient } = await import('../../src/backends/mn/client.js');
    const client = new MnClient(await s.client('mn'));
    if (!opts.yes) {
      const { usageError } = await import('../../src/errors.js');
      const { confirm } = await import('../../src/output/prompt.js');
      if (!(s.io.stdin as { isTTY?: boolean }).isTTY) throw usageError('job cleanup clears job records and needs confirmation', 'pass --yes to confirm (no terminal to ask on)');
      const { isTerminalJobStatus } = await import('../../src/vocab/mn.js');
      const jobs = await client.listJobs({ limit: 1000, includeTerminal: true });
      const n = jobs.data.filter((j) => isTerminalJobStatus(j.status)).length;
      if (!(await confirm(s.io, `Clear ${n} finished job record(s)?`))) {
        s.out.info('nothing cleared');
        return 1;
      }
    }
    const res = await client.cleanupJobs();
    s.out.item([['Cleared', res.cleared_count]], res);
  },
});
