import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';
import { nameArg } from '../../src/app/names.js';

interface Opts {
  name?: string;
  cron: string[];
  timezone?: string;
  missedPolicy?: string;
  catchupLimit?: string;
  allowOverlap?: boolean;
  at?: string;
  in?: string;
  event?: string;
  filter?: string;
  reason?: string;
}

const collect = (v: string, prev: string[]) => [...prev, v];

export default function register(noun: Command, host: CommandHost): void {
  noun
    .command('update <schedule-id>')
    .description('change schedule attributes (the kind cannot change)')
    .option('--name <name>', 'rename it')
    .option('--cron <expr>', 'replace the cron expressions (repeatable)', collect, [])
    .option('--timezone <tz>', 'time zone of the cron expressions')
    .option('--missed-policy <policy>', 'skip, catchup_one or catchup_all')
    .option('--catchup-limit <n>', 'at most N catch-up runs')
    .option('--allow-overlap', 'allow overlapping runs')
    .option('--no-allow-overlap', 'never start a run while the previous one runs')
    .option('--at <time>', 'delayed schedules: the new ISO-8601 time')
    .option('--in <duration>', 'delayed schedules: run after this long from now')
    .option('--event <type>', 'event schedules: the trigger event type')
    .option('--filter <json>', 'event schedules: payload filter (JSON object or @file)')
    .option('--reason <text>', 'why (kept with the schedule)')
    .action(
      host.act(async (s, opts: Opts, id) => {
        id = nameArg(id, 'schedule');
        const { readFileSync } = await import('node:fs');
        const { usageError } = await import('../../src/errors.js');
        const { parseJsonObject, durationFlag, intFlag } = await import('../../src/backends/mn/files.js');
        const attrs: Record<string, unknown> = {};
        if (opts.name !== undefined) attrs.name = opts.name;
        if (opts.cron.length) attrs.crons = opts.cron;
        if (opts.timezone) attrs.timezone = opts.timezone;
        if (opts.missedPolicy) {
          if (!['skip', 'catchup_one', 'catchup_all'].includes(opts.missedPolicy)) throw usageError(`invalid --missed-policy "${opts.missedPolicy}"`, 'use skip, catchup_one or catchup_all');
          attrs.missed_policy = opts.missedPolicy;
        }
        const limit = intFlag(opts.catchupLimit, '--catchup-limit', 0, 10_000);
        if (limit !== undefined) attrs.catchup_limit = limit;
        if (opts.allowOverlap !== undefined) attrs.prohibit_overlap = !opts.allowOverlap;
        if (opts.at) {
          if (Number.isNaN(Date.parse(opts.at))) throw usageError(`invalid --at "${opts.at}"`, 'give an ISO-8601 time');
          attrs.run_at = new Date(Date.parse(opts.at)).toISOString();
        }
        if (opts.in) attrs.delay_ms = durationFlag(opts.in, '--in');
        if (opts.event) attrs.event_type = opts.event;
        const filter = parseJsonObject(opts.filter, '--filter', (p) => readFileSync(p, 'utf8'));
        if (filter) attrs.filter = filter;
        if (!Object.keys(attrs).length) throw usageError('nothing to update', 'give at least one attribute flag, e.g. --cron or --name (see --help)');
        const { MnClient } = await import('../../src/backends/mn/client.js');
        const { renderSchedule } = await import('../../src/backends/mn/render.js');
        const res = await new MnClient(await s.client('mn')).updateSchedule(id, attrs, opts.reason);
        if (res.schedule) renderSchedule(s.out, res.schedule, res);
        else s.out.item([['Schedule ID', res.schedule_id ?? id], ['Status', res.status]], res);
      }),
    );
}
