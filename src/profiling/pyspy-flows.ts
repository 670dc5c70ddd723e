/**
 * The work behind `pyspy dump | store | flamegraph`: resolve the proc, call the mesh admin API,
 * render or save the result, and decide the exit code (0 only when py-spy answered Ok).
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { abortError, MeshError, usageError } from '../errors.js';
import type { AdminClient } from '../backends/admin/client.js';
import { sleep } from '../http/client.js';
import type { PySpyResult } from '../backends/admin/models.js';
import type { Output } from '../output/index.js';
import { checkWritable, saveAtomic } from '../files.js';
import { formatBytes } from '../output/units.js';
import { aggregateDumps, binaryNotFoundError, hasLocals, parseProfileLimits, renderDump, resolveProc, resultError, shellQuote, storedDumpQuery, type HotFrame } from './pyspy.js';
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
  /** Repeated dumps (aggregated); undefined: one dump rendered as py-spy prints it. */
  samples?: number;
  intervalMs: number;
  signal: AbortSignal;
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
  for (const w of result.Ok.warnings) out.warn(`py-spy: ${w}`);
  if (opts.locals && !hasLocals(result.Ok)) out.warn('this dump carries no locals: the server did not ask py-spy for them');
  out.text(renderDump(result.Ok, { locals: opts.locals, proc }));
  return 0;
}

async function repeatedDumps(admin: AdminClient, out: Output, proc: string, from: string | undefined, opts: DumpOptions): Promise<number> {
  const n = opts.samples!;
  const results: PySpyResult[] = [];
  const errors: string[] = [];
  const bar = out.progress(`py-spy dump 1/${n} of ${proc}`);
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
  const agg = aggregateDumps(results);
  const failed = agg.failed + errors.length;
  const raw = {
    proc,
    ...(from ? { from } : {}),
    dumps: n,
    ok: agg.ok,
    failed,
    binary_not_found: agg.binaryNotFound,
    thread_samples: agg.threadSamples,
    idle_threads_included: agg.idleIncluded,
    frames: agg.frames.map((f) => ({ function: f.function, where: f.where, own: f.own, total: f.total, own_pct: round(f.ownPct), total_pct: round(f.totalPct) })),
    failures: [...agg.failures, ...errors],
    warnings: agg.warnings,
  };
  if (out.structured) out.data(raw);
  else if (out.format === 'name') for (const f of agg.frames) out.text(f.function);
  else {
    out.text(`${n} dumps of ${proc}: ${agg.ok} Ok, ${failed} failed, ${agg.binaryNotFound} py-spy not found; ${agg.threadSamples} ${agg.idleIncluded ? '' : 'active '}thread samples`);
    if (agg.ok > 0) {
      const shown = agg.frames.slice(0, 25);
      out.list(shown, {
        columns: [
          { header: 'OWN%', get: (f: HotFrame) => `${f.ownPct.toFixed(1)}%` },
          { header: 'TOTAL%', get: (f: HotFrame) => `${f.totalPct.toFixed(1)}%` },
          { header: 'OWN', get: (f: HotFrame) => f.own, wide: true },
          { header: 'TOTAL', get: (f: HotFrame) => f.total, wide: true },
          { header: 'FUNCTION', get: (f: HotFrame) => `${f.function} (${f.where})` },
        ],
        name: (f) => f.function,
      });
      if (agg.frames.length > shown.length) out.info(`${agg.frames.length - shown.length} colder frames not shown (-o json lists them all)`);
    }
  }
  for (const w of agg.warnings) out.warn(`py-spy: ${w}`);
  if (agg.ok > 0 && agg.binaryNotFound > 0) out.warn(`${agg.binaryNotFound} of ${n} dumps found no py-spy while others did: the procs' environments differ (packaging drift)`);
  if (agg.ok > 0 && failed > 0) out.warn(`${failed} of ${n} dumps failed (native unwinding timeouts are expected now and then): ${raw.failures[0]}`);
  if (agg.ok > 0) return 0;
  if (out.structured) return 1;
  if (agg.binaryNotFound === n) throw binaryNotFoundError({ searched: agg.searched }, proc);
  throw new MeshError({
    kind: 'failed',
    code: 'pyspy_failed',
    backend: 'admin',
    message: `none of the ${n} py-spy dumps of ${proc} succeeded`,
    details: raw.failures.slice(0, 5),
    hint: agg.binaryNotFound ? 'install py-spy where the proc runs (`pip install py-spy`) and check ptrace permission' : 'check ptrace permission on the host (kernel.yama.ptrace_scope=0 or CAP_SYS_PTRACE) and try again',
  });
}

const round = (v: number) => Math.round(v * 100) / 100;

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
  signal: AbortSignal;
  env: Record<string, string | undefined>;
}

/** `pyspy flamegraph REF`: record a profile, save the SVG atomically, optionally serve it. */
export async function pyspyFlamegraph(admin: AdminClient, out: Output, ref: string, opts: FlamegraphOptions): Promise<number> {
  // Everything the user can get wrong is checked before the (long) recording starts.
  const { durationS, rateHz } = parseProfileLimits(opts.duration, opts.rate);
  const serve = parseServePort(opts.serve);
  if (!opts.out && !serve) throw usageError('--out FILE.svg is required (where to save the flame graph)', 'pass --out profile.svg (-o is the output format), or --serve to serve it from a temporary file');
  const target = opts.out ?? join(mkdtempSync(join(tmpdir(), 'meshscope-flamegraph-')), 'profile.svg');
  checkWritable(target, Boolean(opts.force));
  const { proc } = await resolveProc(admin, ref, { signal: opts.signal });
  const body = { duration_s: durationS, rate_hz: rateHz, native: Boolean(opts.native), threads: Boolean(opts.threads), nonblocking: Boolean(opts.nonblocking) };
  const started = Date.now();
  const bar = out.progress(`recording ${proc} for ${durationS}s at ${rateHz} Hz: ${durationS}s left`);
  const tick = setInterval(() => {
    const left = durationS - Math.floor((Date.now() - started) / 1000);
    bar.update(left > 0 ? `recording ${proc} for ${durationS}s at ${rateHz} Hz: ${left}s left` : `waiting for py-spy to draw the flame graph of ${proc}`);
  }, 1000);
  tick.unref();
  let svg: string;
  try {
    svg = await admin.pyspyProfileSvg(proc, body, { signal: opts.signal });
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
  if (!/<svg[\s>]/.test(svg)) {
    throw new MeshError({ kind: 'server', code: 'invalid_response', backend: 'admin', message: `the server's answer for ${proc} is not an SVG (${svg.length} bytes)`, hint: 'check that the address points at a mesh admin server' });
  }
  try {
    const root = parseXml(svg);
    if (root.name !== 'svg') out.warn(`the flame graph's root element is <${root.name}>, not <svg>; saved as is`);
  } catch (e) {
    out.warn(`the flame graph from the server is not well-formed XML (${(e as Error).message}); saved as is`);
  }
  const file = saveAtomic(target, svg, Boolean(opts.force));
  const bytes = Buffer.byteLength(svg);
  const raw: Record<string, unknown> = { file, bytes, proc, ...body };
  if (!serve) {
    out.item(
      [
        ['file', file],
        ['size', formatBytes(bytes)],
        ['proc', proc],
        ['recorded', `${durationS}s at ${rateHz} Hz${body.native ? ', native' : ''}${body.threads ? ', per thread' : ''}${body.nonblocking ? ', nonblocking' : ''}`],
      ],
      raw,
      file,
    );
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
