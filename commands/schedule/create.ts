import { defineVerb } from '../../src/app/command.js';
import { bool, duration, file, int, jsonObject, legacy, list, readStdinText, text } from '../../src/app/flags.js';
import { manifestValidateFlag } from '../../src/app/validate-flag.js';

export default defineVerb({
  name: 'create',
  summary: 'create a periodic (--cron), delayed (--at/--in) or event (--event) schedule for a manifest or bundle',
  args: {
    file: file('manifest file (.json or .yaml), validated locally first'),
    bundle: text('--bundle <path>', 'an uploaded bundle (server path)'),
    validate: manifestValidateFlag(),
    cron: list('--cron <expr>', 'cron expression, UTC unless --timezone (repeatable)'),
    at: text('--at <time>', 'run once at this ISO-8601 time'),
    in: duration('--in <duration>', 'run once after this long (30s, 10m, 2h)'),
    event: text('--event <type>', 'run when this trigger event is emitted'),
    filter: jsonObject('--filter <json>', 'with --event: payload filter (a JSON object, @file.json, or - for stdin)'),
    name: text('--name <name>', 'a name for the schedule'),
    timezone: text('--timezone <tz>', 'time zone of the cron expressions'),
    missedPolicy: text('--missed-policy <policy>', 'skip, catchup_one or catchup_all'),
    catchupLimit: int('--catchup-limit <n>', 'at most N catch-up runs', { min: 0, max: 10_000 }),
    allowOverlap: bool('--allow-overlap', 'start a run even while the previous one is still running'),
    window: duration('--window <duration>', 'cancel a run still going after this long'),
    payloadFile: list('--payload-file <name=file>', 'add a text payload read from a file (repeatable)'),
    payload: { ...legacy('--payload <name=file>', 'payloadFile', '--payload-file NAME=FILE (--payload takes JSON elsewhere)'), repeat: true },
  },
  examples: ['meshscope schedule create -f flow.yaml --cron "0 2 * * *" --name nightly', 'meshscope schedule create -f flow.yaml --in 10m', 'meshscope schedule create -f flow.yaml --event file_uploaded --filter \'{"folder":{"prefix":"inbox/"}}\''],
  async run(s, opts) {
    const { usageError } = await import('../../src/errors.js');
    const kinds = [opts.cron.length ? 'periodic' : '', opts.at || opts.in !== undefined ? 'delayed' : '', opts.event ? 'event' : ''].filter(Boolean);
    if (kinds.length !== 1) throw usageError(kinds.length ? `--cron, --at/--in and --event are different kinds of schedule (${kinds.join(', ')})` : 'when should it run?', 'give --cron EXPR (periodic), --at TIME or --in DURATION (delayed), or --event TYPE (event)');
    if (opts.at && opts.in !== undefined) throw usageError('--at and --in cannot be used together', 'give one of them');
    if (!opts.file === !opts.bundle) throw usageError(opts.file ? '-f and --bundle cannot be used together' : 'what should it run?', 'pass -f MANIFEST or --bundle PATH');
    if (opts.filter && !opts.event) throw usageError('--filter needs --event', 'filters select trigger events');
    const { loadManifest, parseManifest, readPayloads } = await import('../../src/backends/mn/manifest.js');
    if (opts.missedPolicy && !['skip', 'catchup_one', 'catchup_all'].includes(opts.missedPolicy)) throw usageError(`invalid --missed-policy "${opts.missedPolicy}"`, 'use skip, catchup_one or catchup_all');
    if (opts.at && Number.isNaN(Date.parse(opts.at))) throw usageError(`invalid --at "${opts.at}"`, 'give an ISO-8601 time such as 2026-07-14T02:00:00Z');
    const check = { validate: opts.validate, warn: (line: string) => s.out.warn(line) };
    // -f - reads the manifest from stdin
    const manifest = opts.file === '-' ? parseManifest(await readStdinText(s.io.stdin), 'stdin', check) : opts.file ? loadManifest(opts.file, check) : undefined;
    const payloads = readPayloads(opts.payloadFile);
    const schedule: Record<string, unknown> = { kind: kinds[0] };
    if (opts.cron.length) schedule.crons = opts.cron;
    if (opts.at) schedule.run_at = new Date(Date.parse(opts.at)).toISOString();
    if (opts.in !== undefined) schedule.delay_ms = opts.in;
    if (opts.event) schedule.event_type = opts.event;
    const filter = opts.filter;
    if (filter) schedule.filter = filter;
    if (opts.timezone) schedule.timezone = opts.timezone;
    if (opts.missedPolicy) schedule.missed_policy = opts.missedPolicy;
    const limit = opts.catchupLimit;
    if (limit !== undefined) schedule.catchup_limit = limit;
    schedule.prohibit_overlap = !opts.allowOverlap;
    if (opts.window !== undefined) schedule.window = { duration_ms: opts.window, end_action: 'cancel' };
    const { MnClient } = await import('../../src/backends/mn/client.js');
    const { renderSchedule } = await import('../../src/backends/mn/render.js');
    const res = await new MnClient(await s.client('mn')).createSchedule({ manifest_json: manifest?.json, _bundle_path: opts.bundle, payloads: Object.keys(payloads).length ? payloads : undefined, schedule, name: opts.name, source: { kind: 'meshscope' } });
    if (res.schedule) renderSchedule(s.out, res.schedule, res);
    else s.out.item([['Schedule ID', res.schedule_id ?? res.id], ['Status', res.status]], res);
  },
});
