import { defineVerb } from '../../src/app/command.js';
import { nameArg } from '../../src/app/names.js';
import { duration, int, jsonObject, list, text, tristate } from '../../src/app/flags.js';

export default defineVerb({
  name: 'update',
  positional: '<schedule-id>',
  summary: 'change schedule attributes (the kind cannot change)',
  args: {
    name: text('--name <name>', 'rename it'),
    cron: list('--cron <expr>', 'replace the cron expressions (repeatable)'),
    timezone: text('--timezone <tz>', 'time zone of the cron expressions'),
    missedPolicy: text('--missed-policy <policy>', 'skip, catchup_one or catchup_all'),
    catchupLimit: int('--catchup-limit <n>', 'at most N catch-up runs', { min: 0, max: 10_000 }),
    allowOverlap: tristate('--allow-overlap', 'allow overlapping runs', 'never start a run while the previous one runs'),
    at: text('--at <time>', 'delayed schedules: the new ISO-8601 time'),
    in: duration('--in <duration>', 'delayed schedules: run after this long from now'),
    event: text('--event <type>', 'event schedules: the trigger event type'),
    filter: jsonObject('--filter <json>', 'event schedules: payload filter (a JSON object, @file.json, or - for stdin)'),
    reason: text('--reason <text>', 'why (kept with the schedule)'),
  },
  async run(s, opts, id) {
    id = nameArg(id, 'schedule');
    const { usageError } = await import('../../src/errors.js');
    const attrs: Record<string, unknown> = {};
    if (opts.name !== undefined) attrs.name = opts.name;
    if (opts.cron.length) attrs.crons = opts.cron;
    if (opts.timezone) attrs.timezone = opts.timezone;
    if (opts.missedPolicy) {
      if (!['skip', 'catchup_one', 'catchup_all'].includes(opts.missedPolicy)) throw usageError(`invalid --missed-policy "${opts.missedPolicy}"`, 'use skip, catchup_one or catchup_all');
      attrs.missed_policy = opts.missedPolicy;
    }
    const limit = opts.catchupLimit;
    if (limit !== undefined) attrs.catchup_limit = limit;
    if (opts.allowOverlap !== undefined) attrs.prohibit_overlap = !opts.allowOverlap;
    if (opts.at) {
      if (Number.isNaN(Date.parse(opts.at))) throw usageError(`invalid --at "${opts.at}"`, 'give an ISO-8601 time');
      attrs.run_at = new Date(Date.parse(opts.at)).toISOString();
    }
    if (opts.in !== undefined) attrs.delay_ms = opts.in;
    if (opts.event) attrs.event_type = opts.event;
    const filter = opts.filter;
    if (filter) attrs.filter = filter;
    if (!Object.keys(attrs).length) throw usageError('nothing to update', 'give at least one attribute flag, e.g. --cron or --name (see --help)');
    const { MnClient } = await import('../../src/backends/mn/client.js');
    const { renderSchedule } = await import('../../src/backends/mn/render.js');
    const res = await new MnClient(await s.client('mn')).updateSchedule(id, attrs, opts.reason);
    if (res.schedule) renderSchedule(s.out, res.schedule, res);
    else s.out.item([['Schedule ID', res.schedule_id ?? id], ['Status', res.status]], res);
  },
});
