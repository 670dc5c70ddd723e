import { Option, type Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';
import { manifestValidateOption, type ValidateMode } from '../../src/app/validate-flag.js';

interface Opts {
  file?: string;
  bundle?: string;
  cron: string[];
  at?: string;
  in?: string;
  event?: string;
  filter?: string;
  name?: string;
  timezone?: string;
  missedPolicy?: string;
  catchupLimit?: string;
  allowOverlap?: boolean;
  window?: string;
  payloadFile: string[];
  payload: string[];
  validate: ValidateMode;
}

const collect = (v: string, prev: string[]) => [...prev, v];

export default function register(noun: Command, host: CommandHost): void {
  noun
    .command('create')
    .description('create a periodic (--cron), delayed (--at/--in) or event (--event) schedule for a manifest or bundle')
    .option('-f, --file <file>', 'manifest file (.json or .yaml), validated locally first')
    .option('--bundle <path>', 'an uploaded bundle (server path)')
    .addOption(manifestValidateOption())
    .option('--cron <expr>', 'cron expression, UTC unless --timezone (repeatable)', collect, [])
    .option('--at <time>', 'run once at this ISO-8601 time')
    .option('--in <duration>', 'run once after this long (30s, 10m, 2h)')
    .option('--event <type>', 'run when this trigger event is emitted')
    .option('--filter <json>', 'with --event: payload filter (JSON object or @file)')
    .option('--name <name>', 'a name for the schedule')
    .option('--timezone <tz>', 'time zone of the cron expressions')
    .option('--missed-policy <policy>', 'skip, catchup_one or catchup_all')
    .option('--catchup-limit <n>', 'at most N catch-up runs')
    .option('--allow-overlap', 'start a run even while the previous one is still running')
    .option('--window <duration>', 'cancel a run still going after this long')
    .option('--payload-file <name=file>', 'add a text payload read from a file (repeatable)', collect, [])
    .addOption(new Option('--payload <name=file>', 'deprecated: use --payload-file').argParser(collect).default([]).hideHelp())
    .addHelpText('after', '\nExamples:\n  meshscope schedule create -f flow.yaml --cron "0 2 * * *" --name nightly\n  meshscope schedule create -f flow.yaml --in 10m\n  meshscope schedule create -f flow.yaml --event file_uploaded --filter \'{"folder":{"prefix":"inbox/"}}\'')
    .action(
      host.act(async (s, opts: Opts) => {
        const { readFileSync } = await import('node:fs');
        const { usageError } = await import('../../src/errors.js');
        const kinds = [opts.cron.length ? 'periodic' : '', opts.at || opts.in ? 'delayed' : '', opts.event ? 'event' : ''].filter(Boolean);
        if (kinds.length !== 1) throw usageError(kinds.length ? `--cron, --at/--in and --event are different kinds of schedule (${kinds.join(', ')})` : 'when should it run?', 'give --cron EXPR (periodic), --at TIME or --in DURATION (delayed), or --event TYPE (event)');
        if (opts.at && opts.in) throw usageError('--at and --in cannot be used together', 'give one of them');
        if (!opts.file === !opts.bundle) throw usageError(opts.file ? '-f and --bundle cannot be used together' : 'what should it run?', 'pass -f MANIFEST or --bundle PATH');
        if (opts.filter && !opts.event) throw usageError('--filter needs --event', 'filters select trigger events');
        const { parseJsonObject, durationFlag, intFlag } = await import('../../src/backends/mn/files.js');
        const { loadManifest, parseManifest, readPayloads } = await import('../../src/backends/mn/manifest.js');
        if (opts.missedPolicy && !['skip', 'catchup_one', 'catchup_all'].includes(opts.missedPolicy)) throw usageError(`invalid --missed-policy "${opts.missedPolicy}"`, 'use skip, catchup_one or catchup_all');
        if (opts.at && Number.isNaN(Date.parse(opts.at))) throw usageError(`invalid --at "${opts.at}"`, 'give an ISO-8601 time such as 2026-07-14T02:00:00Z');
        const check = { validate: opts.validate, warn: (line: string) => s.out.warn(line) };
        // -f - reads the manifest from stdin
        const manifest = opts.file === '-' ? parseManifest(await (await import('../../src/app/flags.js')).readStdinText(s.io.stdin), 'stdin', check) : opts.file ? loadManifest(opts.file, check) : undefined;
        const payloads = readPayloads(payloadFiles(s, opts));
        const schedule: Record<string, unknown> = { kind: kinds[0] };
        if (opts.cron.length) schedule.crons = opts.cron;
        if (opts.at) schedule.run_at = new Date(Date.parse(opts.at)).toISOString();
        if (opts.in) schedule.delay_ms = durationFlag(opts.in, '--in');
        if (opts.event) schedule.event_type = opts.event;
        const filter = parseJsonObject(opts.filter, '--filter', (p) => readFileSync(p, 'utf8'));
        if (filter) schedule.filter = filter;
        if (opts.timezone) schedule.timezone = opts.timezone;
        if (opts.missedPolicy) schedule.missed_policy = opts.missedPolicy;
        const limit = intFlag(opts.catchupLimit, '--catchup-limit', 0, 10_000);
        if (limit !== undefined) schedule.catchup_limit = limit;
        schedule.prohibit_overlap = !opts.allowOverlap;
        if (opts.window) schedule.window = { duration_ms: durationFlag(opts.window, '--window'), end_action: 'cancel' };
        const { MnClient } = await import('../../src/backends/mn/client.js');
        const { renderSchedule } = await import('../../src/backends/mn/render.js');
        const res = await new MnClient(await s.client('mn')).createSchedule({ manifest_json: manifest?.json, _bundle_path: opts.bundle, payloads: Object.keys(payloads).length ? payloads : undefined, schedule, name: opts.name, source: { kind: 'meshscope' } });
        if (res.schedule) renderSchedule(s.out, res.schedule, res);
        else s.out.item([['Schedule ID', res.schedule_id ?? res.id], ['Status', res.status]], res);
      }),
    );
}

/** --payload-file, and the old --payload NAME=FILE (one release, with a warning: --payload is JSON elsewhere). */
function payloadFiles(s: { out: { warn(m: string): void } }, opts: { payloadFile: string[]; payload: string[] }): string[] {
  if (opts.payload.length) s.out.warn('--payload NAME=FILE is deprecated here: use --payload-file NAME=FILE (--payload takes JSON elsewhere; the old spelling goes in the next release)');
  return [...opts.payloadFile, ...opts.payload];
}
