/**
 * The work behind `pprof capture | top | flamegraph`: capture a profile from a grid node and save
 * it under the server's file name, read a profile file as a flat/cum table, and draw any pprof
 * file as a flame graph.
 */
import { basename, isAbsolute, relative } from 'node:path';
import { MeshError, usageError } from '../errors.js';
import type { GridClient } from '../backends/grid/client.js';
import { checkRequest } from '../backends/grid/client.js';
import { CPU_PROFILE_SECONDS, DEFAULT_MODULE } from '../backends/grid/models.js';
import type { Output } from '../output/index.js';
import { checkWritable, readInput, saveAtomic } from '../files.js';
import { formatBytes } from '../output/units.js';
import { renderFlameGraph } from './flamegraph.js';
import { shellQuote } from './pyspy.js';
import { decodeProfile, foldedStacks, formatValue, renderTop, sampleTypes, topReport, type TopRow } from './pprof.js';

export interface CaptureFlowOptions {
  client?: string;
  profile?: string;
  module?: string;
  out?: string;
  force?: boolean;
  signal: AbortSignal;
}

/** `pprof capture`: POST /internal/v1/pprof, check that the answer is a profile, save it. */
export async function pprofCapture(grid: () => Promise<GridClient>, out: Output, opts: CaptureFlowOptions): Promise<number> {
  // Unknown profile types and an existing --out are refused before anything is sent.
  const request = checkRequest(opts);
  if (opts.out) checkWritable(opts.out, Boolean(opts.force));
  const client = await grid();
  const what = `${request.profile} profile of node ${request.client} (${request.module ?? DEFAULT_MODULE})`;
  const started = Date.now();
  const bar = out.progress(request.profile === 'cpu' ? `capturing the ${what}: ${CPU_PROFILE_SECONDS}s left` : `capturing the ${what}`);
  const tick =
    request.profile === 'cpu'
      ? setInterval(() => {
          const left = CPU_PROFILE_SECONDS - Math.floor((Date.now() - started) / 1000);
          bar.update(left > 0 ? `capturing the ${what}: ${left}s left` : `waiting for the ${what}`);
        }, 1000)
      : undefined;
  tick?.unref();
  let capture;
  try {
    capture = await client.capture(request, { signal: opts.signal });
  } finally {
    if (tick) clearInterval(tick);
    bar.done();
  }
  let profile;
  try {
    profile = decodeProfile(capture.bytes, 'the answer');
  } catch (e) {
    throw new MeshError({ kind: 'server', code: 'invalid_profile', backend: 'grid', message: `the grid answered with something that is not a pprof profile (${capture.bytes.length} bytes, ${capture.contentType ?? 'no content type'}): ${(e as Error).message}`, hint: 'check that --grid-url points at the grid portal' });
  }
  const name = opts.out ?? capture.filename ?? `hydden-${request.profile}-${new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}.out`;
  const file = saveAtomic(name, capture.bytes, Boolean(opts.force));
  const types = sampleTypes(profile).map((t) => `${t.type}/${t.unit}`);
  out.item(
    [
      ['file', file],
      ['size', formatBytes(capture.bytes.length)],
      ['node', request.client],
      ['module', request.module ?? DEFAULT_MODULE],
      ['profile', request.profile],
      ['sample types', types.join(', ')],
      ['samples', profile.sample.length],
    ],
    { file, bytes: capture.bytes.length, client: request.client, module: request.module ?? DEFAULT_MODULE, profile: request.profile, sample_types: types, samples: profile.sample.length, server_filename: capture.filename ?? null },
    file,
  );
  if (!out.structured) {
    const rel = relative(process.cwd(), file);
    out.info(`read it with: meshscope pprof top ${shellQuote(rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file)}`);
  }
  return 0;
}

export interface TopFlowOptions {
  cum?: boolean;
  n?: number;
  sampleIndex?: string;
  nodeFraction?: number;
  /** IANA zone of the Time line (default: the local zone). */
  timeZone?: string;
  /** The most the profile may unpack to (--max-size). */
  maxBytes?: number;
}

/** `pprof top FILE`: the table of `go tool pprof -top`, line for line. */
export function pprofTop(out: Output, file: string, opts: TopFlowOptions): number {
  const profile = decodeProfile(readInput(file, 'profile file', 'check the path (capture one with `meshscope pprof capture`)'), file, { maxBytes: opts.maxBytes });
  const report = topReport(profile, { cum: opts.cum, sampleType: opts.sampleIndex, nodeCount: opts.n, nodeFraction: opts.nodeFraction, timeZone: opts.timeZone });
  if (out.structured) {
    out.data({
      file,
      type: report.type,
      unit: report.unit,
      output_unit: report.outputUnit,
      total: report.total,
      sample_types: report.sampleTypes.map((t) => `${t.type}/${t.unit}`),
      sort: opts.cum ? 'cum' : 'flat',
      nodes: report.nodes,
      dropped_nodes: report.droppedNodes,
      node_cutoff: report.nodeCutoff,
      labels: report.labels,
      rows: report.rows.map((r: TopRow) => ({ function: r.function, inline: r.inline ?? null, flat: r.flat, flat_pct: round(r.flatPct), sum_pct: round(r.sumPct), cum: r.cum, cum_pct: round(r.cumPct) })),
    });
  } else if (out.format === 'name') {
    for (const r of report.rows) out.text(r.function);
  } else {
    out.text(renderTop(report));
  }
  return 0;
}

/** Validate `--nodefraction`: a fraction from 0 (keep every node) to 1. */
export function parseFraction(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const v = Number(value.trim());
  if (value.trim() === '' || !Number.isFinite(v) || v < 0 || v > 1) throw usageError(`invalid ${flag} "${value}": expected a fraction from 0 to 1`, `e.g. ${flag} 0.005 (pprof's default), or ${flag} 0 to show every node`);
  return v;
}

const round = (v: number) => Math.round(v * 100) / 100;

export interface FlameFlowOptions {
  out?: string;
  force?: boolean;
  sampleIndex?: string;
  /** The most the profile may unpack to (--max-size). */
  maxBytes?: number;
}

/** `pprof flamegraph FILE --out FILE.svg`: a flame graph of any pprof file. */
export function pprofFlamegraph(out: Output, file: string, opts: FlameFlowOptions): number {
  if (!opts.out) throw usageError('--out FILE.svg is required (where to save the flame graph)', 'pass --out profile.svg (-o is the output format)');
  checkWritable(opts.out, Boolean(opts.force));
  const profile = decodeProfile(readInput(file, 'profile file', 'check the path (capture one with `meshscope pprof capture`)'), file, { maxBytes: opts.maxBytes });
  const { stacks, type, total } = foldedStacks(profile, opts.sampleIndex);
  if (total === 0) throw new MeshError({ kind: 'failed', code: 'empty_profile', message: `${file} has no samples with a ${type.type} value`, hint: 'pick another --sample-index, or capture a longer profile' });
  const fmt = (v: number) => (type.unit === 'count' ? `${v} ${type.type}` : formatValue(v, type.unit));
  const withStack = stacks.filter((s) => s.frames.length > 0).length;
  const svg = renderFlameGraph(stacks, {
    title: `${basename(file)}: ${type.type}`,
    subtitle: `${fmt(total)} in ${withStack} stack${withStack === 1 ? '' : 's'}${withStack < stacks.length ? ` (${stacks.length - withStack} sample${stacks.length - withStack === 1 ? '' : 's'} without a stack, counted at the root)` : ''}`,
    formatValue: fmt,
    rootName: 'root',
  });
  const saved = saveAtomic(opts.out, svg, Boolean(opts.force));
  out.item(
    [
      ['file', saved],
      ['size', formatBytes(Buffer.byteLength(svg))],
      ['from', file],
      ['sample type', `${type.type}/${type.unit}`],
      ['total', fmt(total)],
    ],
    { file: saved, bytes: Buffer.byteLength(svg), from: file, sample_type: type.type, unit: type.unit, total, stacks: stacks.length },
    saved,
  );
  return 0;
}
