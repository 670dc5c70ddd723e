import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';
import { nameArg } from '../../src/app/names.js';

interface Opts {
  lines?: string;
  level?: string;
  since?: string;
  follow?: boolean;
  interval?: string;
}

export default function register(noun: Command, host: CommandHost): void {
  noun
    .command('logs <run-id>')
    .description('structured logs of a run; -f follows them until the run ends (exit 0 completed, 1 failed or cancelled)')
    .option('-n, --lines <n>', 'the last N lines (default 50)')
    .option('--level <level>', 'DEBUG, INFO, WARN or ERROR (that level and above)')
    .option('--since <time>', 'only records after this ISO-8601 time')
    .option('-f, --follow', 'keep printing new lines until the run ends')
    .option('--interval <seconds>', 'with -f: how often to look for new lines (default 1)')
    .action(
      host.act(async (s, opts: Opts, id) => {
        id = nameArg(id, 'run');
        const { usageError } = await import('../../src/errors.js');
        const { intFlag } = await import('../../src/backends/mn/files.js');
        const limit = intFlag(opts.lines, '--lines', 1, 5000) ?? 50;
        const level = opts.level?.toUpperCase();
        if (level && !['DEBUG', 'INFO', 'WARN', 'WARNING', 'ERROR'].includes(level)) throw usageError(`invalid --level "${opts.level}"`, 'use DEBUG, INFO, WARN or ERROR');
        if (opts.since && Number.isNaN(Date.parse(opts.since))) throw usageError(`invalid --since "${opts.since}"`, 'give an ISO-8601 time such as 2026-07-14T10:00:00Z');
        const interval = opts.interval === undefined ? 1 : Number(opts.interval);
        if (!(interval >= 0.1 && interval <= 60)) throw usageError(`invalid --interval "${opts.interval}"`, 'give seconds between 0.1 and 60');
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
          return followLogs({ client, out: s.out, io: s.io, signal: s.signal }, id, { level, limit, intervalMs: interval * 1000, print });
        }
        const res = await client.runLogs(id, { level, limit, since: opts.since });
        if (s.out.structured) s.out.data(res);
        else print(res.data);
      }),
    );
}
