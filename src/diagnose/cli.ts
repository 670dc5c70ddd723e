/**
 * `meshscope diagnose` and `meshscope --addr URL --diagnose`, glued to the session: the admin
 * client, the live rows on a terminal, the chosen format on stdout, the exit code (0 healthy,
 * 1 anything else — also when the admin server cannot be reached or its address is unusable).
 */
import type { Session } from '../app/session.js';
import { isMeshError, MeshError, toMeshError } from '../errors.js';
import { attemptProbe } from './probe.js';
import { sanitize, sanitizeCell } from '../output/sanitize.js';
import { exitCodeOf, sortKeys } from './report.js';
import { DEFAULTS, diagnose } from './run.js';
import type { Outcome } from './types.js';
import type { FleetClients } from './fleet.js';

// What the walk does not need loads when it is asked for (the baseline, the renderers of other
// formats): `--diagnose` sends its first request sooner.

export const FORMATS = ['json', 'text', 'junit', 'github', 'markdown'] as const;
export type DiagnoseFormat = (typeof FORMATS)[number];

export interface DiagnoseFlags {
  format?: DiagnoseFormat;
  slowMs: number;
  probeTimeoutMs: number;
  concurrency: number;
  strict: boolean;
  allActors: boolean;
  baseline?: string;
  fleet: boolean;
}

/** The format to print: an explicit --format, else JSON for --diagnose and -o json, else text. */
export function chooseFormat(s: Session, flags: DiagnoseFlags): DiagnoseFormat {
  if (flags.format) return flags.format;
  if (s.opts.diagnose || s.format === 'json' || s.format === 'yaml') return 'json';
  return 'text';
}

/** An error before the walk could start: printed, and exit 1 as the reference TUI. */
function startFailure(s: Session, e: unknown): number {
  const err = isMeshError(e) ? e : toMeshError(e);
  s.out.error(err);
  return 1;
}

export async function runDiagnose(s: Session, flags: DiagnoseFlags): Promise<number> {
  const format = chooseFormat(s, flags);
  const baseline = flags.baseline ? { file: flags.baseline, data: (await import('./baseline.js')).loadBaseline(flags.baseline) } : undefined;
  const runTimeoutMs = s.timeoutMs ?? DEFAULTS.runTimeoutMs;

  let admin;
  let target: string;
  const fleetClients: FleetClients = {};
  try {
    const { endpoints } = await s.endpoints();
    await s.warnEndpoint('admin');
    const { HttpClient } = await import('../http/client.js');
    admin = new HttpClient(endpoints.admin, {
      timeoutMs: flags.probeTimeoutMs + 60_000,
      signal: s.signal,
      retries: 0,
      connections: Math.max(1, flags.concurrency),
      log: s.opts.verbose ? (line) => s.out.debug(line) : undefined,
    });
    s.onCleanup(() => admin!.close());
    target = endpoints.admin.url;
    if (flags.fleet) {
      for (const name of ['mn', 'asya', 'asyaInternal', 'astromesh', 'grid'] as const) {
        if (endpoints[name].source !== 'default') fleetClients[name] = await s.client(name);
      }
    }
  } catch (e) {
    return startFailure(s, e);
  }

  // Live rows on a terminal, in walk order as they become known, with a spinner on stderr; for the
  // other formats only the spinner (on a terminal; never with --diagnose, which keeps stderr quiet).
  const live = format === 'text' && s.io.stdout.isTTY === true;
  const text = format === 'text' ? await import('./render/text.js') : undefined;
  // a row is one line of server text: cleaned first, then coloured (colour is off unless stdout is a terminal)
  const paintRow = (row: string) => text!.paintLine(sanitizeCell(row), s.out.c);
  let printed = 0;
  let spinner = { update(_l: string) {}, done() {} };
  if (live) s.out.text(`Diagnostics • ${target}`);
  if (!s.opts.diagnose) spinner = s.out.progress('diagnosing…');
  const onEntry = (e: { check: Parameters<typeof import('./render/text.js').checkRow>[0] }) => {
    printed++;
    if (!live) return spinner.update(`diagnosing… ${printed} checks`);
    spinner.done();
    s.out.styled([paintRow(text!.checkRow(e.check))]);
    spinner = s.out.progress(`${printed} checks…`);
  };

  // the transport failure (refused, TLS, DNS...) behind each `Request failed` row, by reference
  const causes = new Map<string, MeshError>();
  let result;
  try {
    result = await diagnose({
      attempt: async (ref, budget, run) => {
        const r = await attemptProbe(admin, ref, budget, run);
        if (!r.ok && r.cause) causes.set(ref, r.cause);
        else causes.delete(ref);
        return r;
      },
      concurrency: flags.concurrency,
      probeTimeoutMs: flags.probeTimeoutMs,
      slowMs: flags.slowMs,
      runTimeoutMs,
      signal: s.signal,
      allActors: flags.allActors,
      strict: flags.strict,
      onEntry,
      baseline,
      fleet: flags.fleet
        ? async (signal) => {
            const { checkFleet } = await import('./fleet.js');
            return checkFleet(fleetClients, { budgetMs: Math.max(flags.probeTimeoutMs, 10_000), signal });
          }
        : undefined,
    });
  } finally {
    spinner.done();
  }
  const { report, stats } = result;
  s.out.debug(
    `diagnose: ${stats.probes} checks in ${stats.elapsedMs} ms; at most ${stats.peakInflight} in flight (window ${stats.peakWindow}); ${stats.busy} refusals (503), ${stats.retries} retried`,
  );

  const opts = { strict: flags.strict, runTimeoutMs, target };
  switch (format) {
    case 'json':
      s.out.data(sortKeys(report));
      break;
    case 'junit':
      s.out.text((await import('./render/ci.js')).renderJunit(report, opts));
      break;
    case 'github':
      s.out.text((await import('./render/ci.js')).renderGithub(report, opts));
      break;
    case 'markdown':
      s.out.text((await import('./render/ci.js')).renderMarkdown(report, opts));
      break;
    default:
      s.out.styled(
        sanitize(text!.renderText(report, live ? { ...opts, skipRows: Math.min(printed, report.checks.length) } : opts))
          .replace(/\n$/, '')
          .split('\n')
          .map((line) => text!.paintLine(line, s.out.c, report)),
      );
  }
  // `--diagnose` writes nothing to stderr, as the reference TUI's run_diagnose
  if (!s.opts.diagnose) reportUnreachable(s, report.checks, causes, target);
  return exitCodeOf(report);
}

/**
 * The report says `Request failed` as the reference TUI does; stderr says why (refused, TLS, a
 * plain-HTTP server...) and what to do, once, with the cause of the first such check.
 */
function reportUnreachable(s: Session, checks: ReadonlyArray<{ reference: string; outcome: Outcome }>, causes: Map<string, MeshError>, target: string): void {
  const failed = checks.filter((c) => 'Fail' in c.outcome && causes.has(c.reference));
  if (!failed.length) return;
  const cause = causes.get(failed[0].reference)!;
  const what = failed.length === checks.length ? `the admin server at ${target} could not be reached` : `${failed.length} of ${checks.length} checks could not reach the admin server at ${target}`;
  s.out.error(new MeshError({ kind: cause.kind, code: cause.code, message: `${what}: ${cause.message}`, hint: cause.hint, backend: 'admin' }), { stderr: true });
}

/** Parse the verb's own flags; bad values are usage errors (exit 2). */
export function parseFlags(raw: Record<string, unknown>, parseDuration: (v: string, flag: string) => number): DiagnoseFlags {
  const int = (v: unknown, flag: string, min: number): number | undefined => {
    if (v === undefined) return undefined;
    const s = String(v).trim();
    if (!/^\d+$/.test(s) || Number(s) < min) throw new MeshError({ kind: 'usage', code: 'usage', message: `invalid value for ${flag}: "${s}"`, hint: `give a whole number${min > 0 ? ` of at least ${min}` : ''}` });
    return Number(s);
  };
  const probe = raw.probeTimeout !== undefined ? Math.max(1, Math.round(parseDuration(String(raw.probeTimeout), '--probe-timeout'))) : DEFAULTS.probeTimeoutMs;
  return {
    format: raw.format as DiagnoseFormat | undefined,
    slowMs: int(raw.slowMs, '--slow-ms', 0) ?? DEFAULTS.slowMs,
    probeTimeoutMs: probe,
    concurrency: Math.min(int(raw.concurrency, '--concurrency', 1) ?? DEFAULTS.concurrency, 256),
    strict: Boolean(raw.strict),
    allActors: Boolean(raw.allActors),
    baseline: raw.baseline as string | undefined,
    fleet: Boolean(raw.fleet),
  };
}
