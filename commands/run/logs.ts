import { defineVerb } from '../../src/app/command.js';
import { nameArg } from '../../src/app/names.js';
import { follow, interval, legacy, limitDefault, text } from '../../src/app/flags.js';

export default defineVerb({
  name: 'logs',
  positional: '<run-id>',
  summary: 'structured logs of a run; -w follows them until the run ends (exit 0 completed, 1 failed or cancelled)',
  args: {
    limit: limitDefault('the last N lines', 50, { min: 1, max: 5000 }),
    level: text('--level <level>', 'DEBUG, INFO, WARN or ERROR (that level and above)'),
    since: text('--since <time>', 'only records after this ISO-8601 time'),
    follow: follow('keep printing new lines until the run ends'),
    interval: interval('with -w: how often to look for new lines', '1s', { min: 100, max: 60_000, bareUnit: 's' }),
    lines: legacy('-n, --lines <n>', 'limit', '--limit'),
    followF: legacy('-f', 'follow', '-w/--follow (-f is --file, an input file)'),
  },
  examples: ['meshscope run logs RUN_ID --limit 200 --level WARN', 'meshscope run logs RUN_ID -w --interval 2s'],
  async run(s, opts, id) {
    id = nameArg(id, 'run');
    const { usageError } = await import('../../src/errors.js');
    const level = opts.level?.toUpperCase();
    if (level && !['DEBUG', 'INFO', 'WARN', 'WARNING', 'ERROR'].includes(level)) throw usageError(`invalid --level "${opts.level}"`, 'use DEBUG, INFO, WARN or ERROR');
    if (opts.since && Number.isNaN(Date.parse(opts.since))) throw usageError(`invalid --since "${opts.since}"`, 'give an ISO-8601 time such as 2026-07-14T10:00:00Z');
    const { MnClient } = await import('../../src/backends/mn/client.js');
    const { logLine } = await import('../../src/backends/mn/render.js');
    const client = new MnClient(await s.client('mn'));
    const print = (rows: import('../../src/backends/mn/models.js').RunLog[]) => {
      for (const r of rows) {
        if (s.out.format === 'json') s.out.ndjson(r);
        else s.out.text(logLine(r));
      }
    };
    if (opts.follow) {
      const { followLogs } = await import('../../src/backends/mn/flows.js');
      return followLogs({ client, out: s.out, io: s.io, signal: s.signal }, id, { level, limit: opts.limit, intervalMs: opts.interval, print });
    }
    const res = await client.runLogs(id, { level, limit: opts.limit, since: opts.since });
    if (s.out.structured) s.out.data(res);
    else print(res.data);
  },
});
