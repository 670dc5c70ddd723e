/**
 * The work behind `pyspy dump | store | flamegraph`: resolve the proc, call the mesh admin API,
 * render or save the result, and decide the exit code (0 only when py-spy answered Ok).
 */
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { abortError, MeshError, usageError } from '../errors.js';
import type { AdminClient } from '../backends/admin/client.js';
import { sleep } from '../http/client.js';
import type { PySpyOk, PySpyResult } from '../backends/admin/models.js';
import type { Output } from '../output/index.js';
import { checkWritable, saveAtomic } from '../files.js';
import { formatBytes } from '../output/units.js';
import { binaryNotFoundError, dumpStacks, hasLocals, parseProfileLimits, recordLabel, renderDump, renderTopTable, resolveProc, resultError, shellQuote, storedDumpQuery, topOfDumps, topTable, type TopTable } from './pyspy.js';
import { readPySpyFile } from './pyspy-files.js';
import { renderFlameGraph } from './flamegraph.js';
import { parseServePort, serveFile, sshTunnel } from './serve.js';
import { parseXml } from './xml.js';

const interrupted = (signal: AbortSignal): MeshError => abortError(signal.reason);

export function parseCount(value: string | undefined, flag: string, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value.trim())) throw usageError(`invalid ${flag} "${value}": expected a whole number`, `give ${flag} a number from ${min} to ${max}`);
  const n = Number(value);
  if (n < min || n > max) throw usageError(`${flag} must be ${min}..${max}, got ${n}`, `give ${flag} a number from ${min} to ${max}`);
  return n;
}

export interface DumpOptions {
  locals?: boolean;
  /** Repeated dumps (aggregated as py-spy top does); undefined: one dump rendered as py-spy prints it. */
  samples?: number;
  intervalMs: number;
  /** With --samples: count idle threads too (py-spy's --idle). */
  idle?: boolean;
  signal: AbortSignal;
}

function printDump(out: Output, ok: PySpyOk, opts: { locals?: boolean; proc?: string; source?: string }): void {
  for (const w of ok.warnings) out.warn(`py-spy: ${w}`);
  if (opts.locals && !hasLocals(ok)) out.warn(opts.source ? `${opts.source} carries no locals: py-spy dump was run without --locals` : 'this dump carries no locals: the server did not ask py-spy for them');
  out.text(renderDump(ok, opts));
}

/** `pyspy dump REF`: exit 0 when py-spy answered Ok (with --samples: at least one Ok), else 1. */
export async function pyspyDump(admin: AdminClient, out: Output, ref: string, opts: DumpOptions): Promise<number> {
  const { proc, from } = await resolveProc(admin, ref, { signal: opts.signal });
  if (from) out.info(`${from} is an actor: dumping its proc ${proc}`);
  if (opts.samples !== undefined) return repeatedDumps(admin, out, proc, from, opts);
  const result = await admin.pyspy(proc, { signal: opts.signal });
  if (out.structured) {
    out.data(result);
    return 'Ok' in result ? 0 : 1;
  }
  if (!('Ok' in result)) throw resultError(result, proc)!;
  if (out.format === 'name') {
    out.text(proc);
    return 0;
  }
  printDump(out, result.Ok, { locals: opts.locals, proc });
  return 0;
}

/** `pyspy dump --from FILE`: a dump py-spy wrote (`py-spy dump --json`, or a saved PySpyResult), printed as py-spy prints it. */
export function pyspyDumpFile(out: Output, file: string, opts: { locals?: boolean }): number {
  const read = readPySpyFile(file);
  if (read.kind !== 'dump') throw usageError(`${file} is a recording (${read.kind === 'collapsed' ? 'collapsed stacks' : 'speedscope'}), not a dump`, `read it with \`meshscope pyspy top ${shellQuote(file)}\` or draw it with \`meshscope pyspy flamegraph --from ${shellQuote(file)} -f FILE.svg\``);
  if (out.structured) {
    out.data(read.raw);
    return 'Ok' in read.result ? 0 : 1;
  }
  if (!('Ok' in read.result)) throw resultError(read.result, file)!;
  if (out.format === 'name') {
    out.text(file);
    return 0;
  }
  printDump(out, read.result.Ok, { locals: opts.locals, source: file });
  return 0;
}

function topJson(t: TopTable): Record<string, unknown> {
  return {
    samples: t.samples,
    ...(t.threads !== undefined ? { threads: t.threads, gil_pct: round(t.gilPct ?? 0), active_pct: round(t.activePct ?? 0) } : {}),
    idle_threads_included: t.idleIncluded,
    by: t.byLine ? 'line' : 'function',
    rows: t.rows.map((r) => ({ function: r.function, file: r.file, ...(r.line !== undefined ? { line: r.line } : {}), own: r.own, total: r.total, own_pct: round(r.ownPct), total_pct: round(r.totalPct), own_s: round(r.ownSeconds), total_s: round(r.totalSeconds) })),
  };
}

async function repeatedDumps(admin: AdminClient, out: Output, proc: string, from: string | undefined, opts: DumpOptions): Promise<number> {
  const n = opts.samples!;
  const results: PySpyResult[] = [];
  const errors: string[] = [];
  const bar = out.progress(`py-spy dump 1/${n} of ${proc}`);
  const started = Date.now();
  try {
    for (let i = 0; i < n; i++) {
      if (opts.signal.aborted) throw interrupted(opts.signal);
      bar.update(`py-spy dump ${i + 1}/${n} of ${proc}`);
      try {
        results.push(await admin.pyspy(proc, { signal: opts.signal }));
      } catch (e) {
        // A dump that times out or meets a busy server is one failed sample, not the end of the run.
        if (e instanceof MeshError && (e.kind === 'server' || e.code === 'timeout') && !opts.signal.aborted) errors.push(`${e.message} (${e.code})`);
        else throw e;
      }
      if (i < n - 1 && opts.intervalMs > 0) await sleep(opts.intervalMs, opts.signal).catch(() => {
        throw interrupted(opts.signal);
      });
    }
  } finally {
    bar.done();
  }
  // py-spy top's times are samples x the sampling period: here, the time from one dump to the next
  const periodS = (Date.now() - started) / 1000 / n;
  const top = topOfDumps(results, { idle: opts.idle, periodS });
  const failed = top.failed + errors.length;
  const failures = [...top.failures, ...errors];
  const raw = {
    proc,
    ...(from ? { from } : {}),
    dumps: n,
    ok: top.ok,
    failed,
    binary_not_found: top.binaryNotFound,
    ...topJson(top),
    failures,
    warnings: top.warnings,
  };
  if (out.structured) out.data(raw);
  else if (out.format === 'name') for (const r of top.rows) out.text(r.label);
  else if (top.ok > 0) {
    out.text(renderTopTable(top, { title: `Collecting samples from '${proc}' (${n} py-spy dumps: ${top.ok} Ok, ${failed} failed, ${top.binaryNotFound} py-spy not found)` }).replace(/\n$/, ''));
    if (top.idleIncluded && !opts.idle) out.info('no thread was active in any dump: idle threads are counted too (as with --idle)');
  }
  for (const w of top.warnings) out.warn(`py-spy: ${w}`);
  if (top.ok > 0 && top.binaryNotFound > 0) out.warn(`${top.binaryNotFound} of ${n} dumps found no py-spy while others did: the procs' environments differ (packaging drift)`);
  if (top.ok > 0 && failed > 0) out.warn(`${failed} of ${n} dumps failed (native unwinding timeouts are expected now and then): ${failures[0]}`);
  if (top.ok > 0) return 0;
  if (out.structured) return 1;
  if (top.binaryNotFound === n) throw binaryNotFoundError({ searched: top.searched }, proc);
  throw new MeshError({
    kind: 'failed',
    code: 'pyspy_failed',
    backend: 'admin',
    message: `none of the ${n} py-spy dumps of ${proc} succeeded`,
    details: failures.slice(0, 5),
    hint: top.binaryNotFound ? 'install py-spy where the proc runs (`pip install py-spy`) and check ptrace permission' : 'check ptrace permission on the host (kernel.yama.ptrace_scope=0 or CAP_SYS_PTRACE) and try again',
  });
}

const round = (v: number) => Math.round(v * 100) / 100;

export interface TopFileOptions {
  /** Samples per second of the recording (`py-spy record -r`, default 100): collapsed stacks carry counts, not times. */
  rateHz: number;
  /** Aggregate per function instead of per line. */
  byFunction?: boolean;
  /** Dumps: count idle threads too. */
  idle?: boolean;
  /** Show only the first N rows. */
  limit?: number;
}

/** `pyspy top FILE`: a recording or dump py-spy wrote, aggregated as py-spy top shows it. */
export function pyspyTop(out: Output, file: string, opts: TopFileOptions): number {
  const read = readPySpyFile(file);
  let table: TopTable;
  if (read.kind === 'dump') {
    if (!('Ok' in read.result)) throw resultError(read.result, file)!;
    table = topOfDumps([read.result], { idle: opts.idle, byLine: !opts.byFunction });
  } else {
    const samples = read.stacks.reduce((a, s) => a + s.count, 0);
    table = { samples, idleIncluded: true, byLine: !opts.byFunction, rows: topTable(read.stacks, { samples, periodS: 1 / opts.rateHz, byLine: !opts.byFunction }) };
  }
  if (out.structured) out.data({ file, kind: read.kind, ...topJson(table) });
  else if (out.format === 'name') for (const r of table.rows.slice(0, opts.limit)) out.text(r.label);
  else {
    const kind = read.kind === 'dump' ? 'a py-spy dump' : read.kind === 'collapsed' ? 'py-spy record -f raw' : `py-spy record -f speedscope, ${read.threads.length} thread${read.threads.length === 1 ? '' : 's'}`;
    out.text(renderTopTable(table, { title: `Samples from '${file}' (${kind})`, limit: opts.limit }).replace(/\n$/, ''));
    if (read.kind === 'dump' && table.idleIncluded && !opts.idle) out.info('no thread was active in the dump: idle threads are counted too (as with --idle)');
    if (opts.limit !== undefined && table.rows.length > opts.limit) out.info(`${table.rows.length - opts.limit} more rows not shown (-o json lists them all)`);
  }
  return 0;
}

/** `pyspy store REF`: dump into the telemetry store; prints the dump id and the query that reads it back. */
export async function pyspyStore(admin: AdminClient, out: Output, ref: string, signal: AbortSignal): Promise<number> {
  const { proc, from } = await resolveProc(admin, ref, { signal });
  const r = await admin.pyspyDump(proc, { signal });
  const query = storedDumpQuery(r.dump_id);
  out.item(
    [
      ['dump_id', r.dump_id],
      ['proc', proc],
      ['query', query],
      ['read it back', `meshscope mesh query ${shellQuote(query)}`],
      ['tables', 'pyspy_dumps, pyspy_stack_traces, pyspy_frames, pyspy_local_variables (join on dump_id)'],
    ],
    { ...r, proc, ...(from ? { from } : {}), query },
    r.dump_id,
  );
  return 0;
}

export interface FlamegraphOptions {
  duration: string;
  rate: string;
  native?: boolean;
  threads?: boolean;
  nonblocking?: boolean;
  out?: string;
  force?: boolean;
  serve?: string | boolean;
  /** Draw a recording (or dump) py-spy wrote instead of recording through the API. */
  from?: string;
  signal: AbortSignal;
  env: Record<string, string | undefined>;
}

/** Where the SVG goes: --out, or a temporary file when it is only served. */
function flameTarget(opts: FlamegraphOptions, serve: ReturnType<typeof parseServePort>): string {
  if (!opts.out && !serve) throw usageError('--out FILE.svg is required (where to save the flame graph)', 'pass --out profile.svg (-o is the output format), or --serve to serve it from a temporary file');
  const target = opts.out ?? join(mkdtempSync(join(tmpdir(), 'meshscope-flamegraph-')), 'profile.svg');
  checkWritable(target, Boolean(opts.force));
  return target;
}

/** `pyspy flamegraph REF`: record a profile, save py-spy's SVG as the server sent it (byte for byte), optionally serve it. */
export async function pyspyFlamegraph(admin: AdminClient, out: Output, ref: string, opts: FlamegraphOptions): Promise<number> {
  // Everything the user can get wrong is checked before the (long) recording starts.
  const { durationS, rateHz } = parseProfileLimits(opts.duration, opts.rate);
  const serve = parseServePort(opts.serve);
  const target = flameTarget(opts, serve);
  const { proc } = await resolveProc(admin, ref, { signal: opts.signal });
  const body = { duration_s: durationS, rate_hz: rateHz, native: Boolean(opts.native), threads: Boolean(opts.threads), nonblocking: Boolean(opts.nonblocking) };
  const started = Date.now();
  const bar = out.progress(`recording ${proc} for ${durationS}s at ${rateHz} Hz: ${durationS}s left`);
  const tick = setInterval(() => {
    const left = durationS - Math.floor((Date.now() - started) / 1000);
    bar.update(left > 0 ? `recording ${proc} for ${durationS}s at ${rateHz} Hz: ${left}s left` : `waiting for py-spy to draw the flame graph of ${proc}`);
  }, 1000);
  tick.unref();
  let svg: Buffer;
  try {
    svg = await admin.pyspyProfileSvgBytes(proc, body, { signal: opts.signal });
  } catch (e) {
    if (e instanceof MeshError && e.backend === 'admin' && e.status === 503) {
      throw new MeshError({ kind: 'failed', code: e.code, backend: 'admin', status: 503, message: `py-spy is not available on the host of ${proc}: ${e.message}`, hint: 'install py-spy where the proc runs (`pip install py-spy`), or set PYSPY_BIN in its environment' });
    }
    if (e instanceof MeshError && e.backend === 'admin' && e.status === 504) {
      throw new MeshError({ kind: 'server', code: e.code, backend: 'admin', status: 504, message: `py-spy record did not finish in time on ${proc}: ${e.message}`, hint: 'try a shorter --duration or a lower --rate, or --nonblocking' });
    }
    throw e;
  } finally {
    clearInterval(tick);
    bar.done();
  }
  // judged on a copy decoded as text; what is saved is the bytes as they came
  const text = svg.toString('utf8');
  if (!/<svg[\s>]/.test(text)) {
    throw new MeshError({ kind: 'server', code: 'invalid_response', backend: 'admin', message: `the server's answer for ${proc} is not an SVG (${svg.length} bytes)`, hint: 'check that the address points at a mesh admin server' });
  }
  try {
    const root = parseXml(text);
    if (root.name !== 'svg') out.warn(`the flame graph's root element is <${root.name}>, not <svg>; saved as is`);
  } catch (e) {
    out.warn(`the flame graph from the server is not well-formed XML (${(e as Error).message}); saved as is`);
  }
  const file = saveAtomic(target, svg, Boolean(opts.force));
  const raw: Record<string, unknown> = { file, bytes: svg.length, proc, ...body };
  const recorded = `${durationS}s at ${rateHz} Hz${body.native ? ', native' : ''}${body.threads ? ', per thread' : ''}${body.nonblocking ? ', nonblocking' : ''}`;
  return finishFlamegraph(out, file, svg.length, raw, [['proc', proc], ['recorded', recorded]], serve, opts);
}

/** `pyspy flamegraph --from FILE`: draw a recording (collapsed or speedscope) or a dump py-spy wrote. */
export async function pyspyFlamegraphFromFile(out: Output, opts: FlamegraphOptions): Promise<number> {
  const from = opts.from!;
  const serve = parseServePort(opts.serve);
  const target = flameTarget(opts, serve);
  const read = readPySpyFile(from);
  let stacks: Array<{ frames: string[]; value: number }>;
  let what: string;
  if (read.kind === 'dump') {
    if (!('Ok' in read.result)) throw resultError(read.result, from)!;
    stacks = dumpStacks([read.result]);
    what = `a py-spy dump, ${stacks.length} thread${stacks.length === 1 ? '' : 's'}`;
  } else {
    stacks = read.stacks.map((s) => ({ frames: s.frames.map(recordLabel).reverse(), value: s.count }));
    what = read.kind === 'collapsed' ? 'py-spy record -f raw' : 'py-spy record -f speedscope';
  }
  const total = stacks.reduce((a, s) => a + s.value, 0);
  if (total === 0) throw new MeshError({ kind: 'failed', code: 'empty_profile', message: `${from} has no samples to draw`, hint: 'record for longer, or with --idle to include idle threads' });
  const svg = renderFlameGraph(stacks, { title: `py-spy: ${basename(from)}`, subtitle: `${what}: ${total} sample${total === 1 ? '' : 's'}`, rootName: 'all' });
  const file = saveAtomic(target, svg, Boolean(opts.force));
  const bytes = Buffer.byteLength(svg);
  return finishFlamegraph(out, file, bytes, { file, bytes, from, kind: read.kind, samples: total }, [['from', from], ['samples', `${total} (${what})`]], serve, opts);
}

/** Report the saved SVG, and serve it when asked until interrupted. */
async function finishFlamegraph(out: Output, file: string, bytes: number, raw: Record<string, unknown>, rows: Array<[string, string]>, serve: ReturnType<typeof parseServePort>, opts: FlamegraphOptions): Promise<number> {
  if (!serve) {
    out.item([['file', file], ['size', formatBytes(bytes)], ...rows], raw, file);
    return 0;
  }
  const served = await serveFile(file, serve.port, serve.fallback);
  const browser = `http://localhost:${served.port}${served.path}`;
  const tunnel = sshTunnel(opts.env, served.port);
  if (serve.fallback && served.port !== serve.port) out.warn(`port ${serve.port} is in use; serving on ${served.port}`);
  if (out.structured) out.ndjson({ ...raw, serving: served.url, port: served.port, browser_url: browser, ...(tunnel ? { ssh_tunnel: tunnel } : {}) });
  else {
    const lines = [`saved ${file} (${formatBytes(bytes)})`, `serving it on 127.0.0.1 port ${served.port}: ${served.url}`];
    if (tunnel) lines.push(`this is a remote host; on your machine run:`, `  ${tunnel}`, `then open in a browser: ${browser}`);
    else lines.push(`open in a browser: ${browser}`);
    out.text(lines.join('\n'));
  }
  out.info('press Ctrl-C to stop serving');
  await new Promise<void>((resolve) => {
    if (opts.signal.aborted) return resolve();
    opts.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await served.close();
  return 0;
}
