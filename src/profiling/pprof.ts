/**
 * Reading Go pprof profiles: gunzip (bounded) + protobuf decode (pprof-format), the choice of
 * sample type, and the reports `go tool pprof` makes of them at its default granularity
 * (functions, inlined calls kept): the `-top` table (the same nodes, values, units, order,
 * `(inline)` markers, dropped nodes and header lines) and folded stacks for flame graphs.
 */
import { gunzipSync } from 'node:zlib';
import { Profile } from 'pprof-format';
import { MeshError, usageError } from '../errors.js';
import { formatBytes } from '../output/units.js';
import { goTimeLabel, percentage, scale, scaledLabel } from './measure.js';

type Numeric = number | bigint;

/** A signed 64-bit protobuf value as a JS number (pprof-format hands large ones over as bigint). */
export function num(v: Numeric | undefined): number {
  if (v === undefined) return 0;
  return typeof v === 'bigint' ? Number(BigInt.asIntN(64, v)) : v;
}

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * The most a profile may unpack to without --max-size: a gzip bomb stops here, not in the memory of
 * the machine. Real profiles are far smaller (the Go runtime's run to a few MB; the HTTP client
 * reads at most 64 MiB of an answer).
 */
export const MAX_PROFILE_BYTES = 64 * 1024 * 1024;

const PROFILE_HINT = 'the file may be truncated, or not a profile: give one written by `pprof capture` or by Go (runtime/pprof, go tool pprof -proto)';

function invalid(message: string, hint = PROFILE_HINT): MeshError {
  return new MeshError({ kind: 'usage', code: 'invalid_profile', message, hint });
}

/** Decode a pprof profile: gzip-compressed (as Go writes them) or plain protobuf. */
export function decodeProfile(bytes: Uint8Array, what = 'the profile', opts: { maxBytes?: number } = {}): Profile {
  const max = opts.maxBytes ?? MAX_PROFILE_BYTES;
  if (bytes.length === 0) throw invalid(`${what} is empty`);
  let raw: Uint8Array = bytes;
  const gz = isGzip(bytes);
  if (gz) {
    try {
      raw = gunzipSync(bytes, { maxOutputLength: max });
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      if (err.code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) {
        throw invalid(`${what} unpacks to more than ${formatBytes(max)}, the most meshscope reads of a profile`, `a real profile is far smaller: check the file (it may not be a profile at all), or pass a larger --max-size`);
      }
      throw invalid(`${what} is not a valid gzip file: ${err.message}`, 'the download may be truncated; capture it again');
    }
  } else if (bytes.length > max) {
    throw invalid(`${what} is larger than ${formatBytes(max)}, the most meshscope reads of a profile`, 'check the file (it may not be a profile at all), or pass a larger --max-size');
  }
  const inside = gz ? `${what} is gzip-compressed, but what it holds` : what;
  let profile: Profile;
  try {
    profile = Profile.decode(raw);
  } catch (e) {
    throw invalid(`${inside} is not a pprof profile (protobuf): ${(e as Error).message}`);
  }
  let problem: string | undefined;
  try {
    problem = validateProfile(profile);
  } catch (e) {
    problem = (e as Error).message;
  }
  if (problem) throw invalid(`${inside} is not a valid pprof profile: ${problem}`);
  return profile;
}

/** The structural checks Go's profile.CheckValid makes; undefined when the profile is sound. */
export function validateProfile(p: Profile): string | undefined {
  const strings = p.stringTable.strings;
  if (strings.length === 0 || strings[0] !== '') return 'the string table does not start with the empty string';
  if (p.sampleType.length === 0) return 'no sample types';
  const str = (i: Numeric, what: string) => (num(i) < 0 || num(i) >= strings.length ? `${what} points outside the string table` : undefined);
  for (const t of p.sampleType) {
    const bad = str(t.type, 'a sample type') ?? str(t.unit, 'a sample unit');
    if (bad) return bad;
  }
  for (const m of p.mapping) {
    if (num(m.id) === 0) return 'a mapping has id 0';
    const bad = str(m.filename, 'a mapping file name') ?? str(m.buildId, 'a mapping build id');
    if (bad) return bad;
  }
  const functions = new Set<number>();
  for (const fn of p.function) {
    if (num(fn.id) === 0) return 'a function has id 0';
    if (functions.has(num(fn.id))) return `function id ${num(fn.id)} is used twice`;
    functions.add(num(fn.id));
    const bad = str(fn.name, 'a function name') ?? str(fn.systemName, 'a function system name') ?? str(fn.filename, 'a function file name');
    if (bad) return bad;
  }
  const locations = new Set<number>();
  for (const loc of p.location) {
    if (num(loc.id) === 0) return 'a location has id 0';
    if (locations.has(num(loc.id))) return `location id ${num(loc.id)} is used twice`;
    locations.add(num(loc.id));
    for (const l of loc.line) if (!functions.has(num(l.functionId))) return `location ${num(loc.id)} names unknown function ${num(l.functionId)}`;
  }
  for (const [i, s] of p.sample.entries()) {
    if (s.value.length !== p.sampleType.length) return `sample ${i} has ${s.value.length} values for ${p.sampleType.length} sample types`;
    for (const id of s.locationId) if (!locations.has(num(id))) return `sample ${i} names unknown location ${num(id)}`;
  }
  for (const c of p.comment) if (str(c, 'a comment')) return 'a comment points outside the string table';
  const bad = str(p.defaultSampleType, 'the default sample type') ?? str(p.dropFrames, 'drop_frames') ?? str(p.keepFrames, 'keep_frames');
  if (bad) return bad;
  return undefined;
}

export interface SampleTypeInfo {
  index: number;
  type: string;
  unit: string;
}

export function sampleTypes(p: Profile): SampleTypeInfo[] {
  const s = p.stringTable.strings;
  return p.sampleType.map((t, index) => ({ index, type: s[num(t.type)] ?? '', unit: s[num(t.unit)] ?? '' }));
}

/**
 * The sample type to report, chosen as `go tool pprof -sample_index` does: an index, a type name
 * (`inuse_space` also finds `space`), else the profile's default type, else the last one.
 */
export function pickSampleType(p: Profile, wanted?: string): SampleTypeInfo {
  const types = sampleTypes(p);
  if (wanted !== undefined && wanted !== '') {
    if (/^[+-]?\d+$/.test(wanted.trim())) {
      const i = Number(wanted.trim());
      if (i < 0 || i >= types.length) throw usageError(`--sample-index ${wanted} is outside the range [0..${types.length - 1}]`, `choose one of: ${types.map((t) => t.type).join(', ')} (or its index)`, 'bad_sample_index');
      return types[i];
    }
    const noInuse = wanted.replace(/^inuse_/, '');
    const found = types.find((t) => t.type === wanted || t.type === noInuse);
    if (found) return found;
    throw usageError(`the profile has no sample type "${wanted}"`, `choose one of: ${types.map((t) => t.type).join(', ')}`, 'bad_sample_index');
  }
  const def = p.stringTable.strings[num(p.defaultSampleType)];
  if (def) {
    const found = types.find((t) => t.type === def);
    if (found) return found;
  }
  return types[types.length - 1];
}

/** A node of the report: one function (or, for code without symbols, one binary). */
interface NodeInfo {
  /** What identifies the node (Go's NodeInfo at function granularity). */
  key: string;
  /** How it is printed. */
  name: string;
}

/** `filepath.Base`. */
function goBase(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  if (trimmed === '') return path === '' ? '.' : '/';
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/**
 * The nodes of each location, one per line, innermost (inlined) function first; a location without
 * lines is one node named after its binary (`[gridd]`), or `<unknown>`.
 */
function locationNodes(p: Profile): Map<number, NodeInfo[]> {
  const s = p.stringTable.strings;
  const mappings = new Map(p.mapping.map((m) => [num(m.id), s[num(m.filename)] ?? '']));
  const functions = new Map(p.function.map((f) => [num(f.id), f]));
  const out = new Map<number, NodeInfo[]>();
  for (const loc of p.location) {
    const objfile = mappings.get(num(loc.mappingId)) ?? '';
    const anonymous = (startLine: number): NodeInfo => ({ key: `\u0001${objfile}\u0000${startLine}`, name: objfile ? `[${goBase(objfile)}]` : '<unknown>' });
    const nodes = loc.line.length
      ? loc.line.map((l) => {
          const fn = functions.get(num(l.functionId));
          const name = fn ? (s[num(fn.name)] ?? '') : '';
          return name ? { key: name, name } : anonymous(fn ? num(fn.startLine) : 0);
        })
      : [anonymous(0)];
    out.set(num(loc.id), nodes);
  }
  return out;
}

/** Every sample as its stack of node names, leaf first (inlined frames expanded), and its value. */
export function stacks(p: Profile, index: number): Array<{ frames: string[]; value: number }> {
  const nodes = locationNodes(p);
  return p.sample.map((sample) => ({
    frames: sample.locationId.flatMap((id) => (nodes.get(num(id)) ?? []).map((n) => n.name)),
    value: num(sample.value[index]),
  }));
}

interface GraphNode {
  info: NodeInfo;
  flat: number;
  cum: number;
  /** Callers: the weight of each call edge and whether every call along it was inlined. */
  callers: Map<GraphNode, { weight: number; inline: boolean }>;
}

/**
 * The call graph of the samples (Go's graph.New): cum once per sample for every node on its stack,
 * flat to the leaf, and an edge from each caller to its callee. With `kept`, only those nodes
 * exist; a sample whose leaf is not kept adds no flat value to anyone.
 */
function buildGraph(p: Profile, index: number, locNodes: Map<number, NodeInfo[]>, kept?: Set<string>): GraphNode[] {
  const byKey = new Map<string, GraphNode>();
  const nodeOf = (info: NodeInfo): GraphNode | undefined => {
    if (kept && !kept.has(info.key)) return undefined;
    let n = byKey.get(info.key);
    if (!n) byKey.set(info.key, (n = { info, flat: 0, cum: 0, callers: new Map() }));
    return n;
  };
  const perLocation = new Map<number, Array<GraphNode | undefined>>();
  for (const [id, infos] of locNodes) perLocation.set(id, infos.map(nodeOf));
  for (const sample of p.sample) {
    const w = num(sample.value[index]);
    if (w === 0) continue;
    const seen = new Set<GraphNode>();
    const seenEdges = new Set<string>();
    let parent: GraphNode | undefined;
    let residual = false;
    for (let i = sample.locationId.length - 1; i >= 0; i--) {
      const nodes = perLocation.get(num(sample.locationId[i])) ?? [];
      for (let ni = nodes.length - 1; ni >= 0; ni--) {
        const n = nodes[ni];
        if (!n) {
          residual = true;
          continue;
        }
        if (!seen.has(n)) {
          seen.add(n);
          n.cum += w;
        }
        if (parent && n !== parent) {
          const edgeKey = `${parent.info.key}\u0002${n.info.key}`;
          if (!seenEdges.has(edgeKey)) {
            seenEdges.add(edgeKey);
            const inline = ni !== nodes.length - 1;
            const e = n.callers.get(parent);
            if (e) {
              e.weight += w;
              if (!inline) e.inline = false;
            } else n.callers.set(parent, { weight: w, inline });
          }
        }
        parent = n;
        residual = false;
      }
    }
    if (parent && !residual) parent.flat += w;
  }
  return [...byKey.values()].filter((n) => n.cum !== 0 || n.flat !== 0);
}

/** Go's string order (bytes of UTF-8), not JavaScript's (UTF-16 code units). */
function byteCompare(a: string, b: string): number {
  if (a === b) return 0;
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(a) && /^[\x00-\x7f]*$/.test(b)) return a < b ? -1 : 1;
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** Go's FlatNameOrder / CumNameOrder: by |value|, then name, then the other value. */
function sortNodes(nodes: GraphNode[], cum: boolean): void {
  nodes.sort((l, r) => {
    const [lv, rv] = cum ? [Math.abs(l.cum), Math.abs(r.cum)] : [Math.abs(l.flat), Math.abs(r.flat)];
    if (lv !== rv) return rv - lv;
    const byName = byteCompare(l.info.name, r.info.name);
    if (byName !== 0) return byName;
    const [lo, ro] = cum ? [Math.abs(l.flat), Math.abs(r.flat)] : [Math.abs(l.cum), Math.abs(r.cum)];
    if (lo !== ro) return ro - lo;
    return byteCompare(l.info.key, r.info.key);
  });
}

function trimEdges(nodes: GraphNode[], cutoff: number): void {
  for (const n of nodes) for (const [caller, e] of n.callers) if (Math.abs(e.weight) < cutoff) n.callers.delete(caller);
}

export interface TopOptions {
  /** Sample type name or index (`--sample-index`). */
  sampleType?: string;
  /** Sort by cum instead of flat (`--cum`). */
  cum?: boolean;
  /** Show only the first N nodes (`-n`); 0 or unset: all. */
  nodeCount?: number;
  /** Drop nodes whose cum is below this fraction of the total (`--nodefraction`, default 0.005; 0 keeps all). */
  nodeFraction?: number;
  /** Edges below this fraction of the total do not count (pprof's `-edgefraction`, default 0.001). */
  edgeFraction?: number;
  /** IANA time zone of the `Time:` line (default: the local zone, as Go). */
  timeZone?: string;
}

export const DEFAULT_NODE_FRACTION = 0.005;
export const DEFAULT_EDGE_FRACTION = 0.001;

export interface TopRow {
  function: string;
  /** `inline` when every call of it was inlined into its callers, `partial-inline` when some were. */
  inline?: 'inline' | 'partial-inline';
  flat: number;
  flatPct: number;
  sumPct: number;
  cum: number;
  cumPct: number;
  /** flat and cum as pprof prints them (in the report's unit). */
  flatText: string;
  cumText: string;
}

export interface TopReport {
  /** The header lines, exactly as `go tool pprof -top` prints them. */
  labels: string[];
  file?: string;
  type: string;
  unit: string;
  /** Sum of the absolute values of every sample (samples without a stack included). */
  total: number;
  /** The unit values are printed in (pprof picks one for the whole table). */
  outputUnit: string;
  /** The nodes shown, in order. */
  rows: TopRow[];
  /** Nodes after dropping, before `-n`. */
  nodes: number;
  droppedNodes: number;
  /** The cum at or below which nodes were dropped (in sample units). */
  nodeCutoff: number;
  time?: Date;
  durationNs?: number;
  sampleTypes: SampleTypeInfo[];
}

/** The report's single output unit, chosen as pprof's selectOutputUnit does. */
function outputUnit(nodes: GraphNode[], total: number, sampleUnit: string): string {
  if (nodes.length === 0) return 'minimum';
  let min = 0;
  for (const n of nodes) {
    let v = Math.abs(n.flat);
    if (v === 0) v = Math.abs(n.cum);
    if (v > 0 && (min === 0 || v < min)) min = v;
  }
  const max = total;
  if (min === 0) min = max;
  const [, minUnit] = scale(min, sampleUnit, 'minimum');
  const [, maxUnit] = scale(max, sampleUnit, 'minimum');
  let unit = minUnit;
  if (minUnit !== maxUnit && min * 100 < max) [, unit] = scale(100 * min, sampleUnit, 'minimum');
  return unit !== '' ? unit : sampleUnit;
}

/** The `go tool pprof -top` report (granularity: functions). */
export function topReport(p: Profile, opts: TopOptions = {}): TopReport {
  const st = pickSampleType(p, opts.sampleType);
  const nodeFraction = opts.nodeFraction ?? DEFAULT_NODE_FRACTION;
  const edgeFraction = opts.edgeFraction ?? DEFAULT_EDGE_FRACTION;
  const locNodes = locationNodes(p);
  let total = 0;
  for (const s of p.sample) total += Math.abs(num(s.value[st.index]));

  let g = buildGraph(p, st.index, locNodes);
  const graphTotal = g.reduce((a, n) => a + n.flat, 0);
  const nodeCutoff = Math.abs(Math.trunc(graphTotal * nodeFraction));
  const edgeCutoff = Math.abs(Math.trunc(graphTotal * edgeFraction));
  let droppedNodes = 0;
  if (nodeCutoff > 0) {
    const kept = g.filter((n) => Math.abs(n.cum) >= nodeCutoff);
    if (kept.length !== g.length) {
      droppedNodes = g.length - kept.length;
      g = buildGraph(p, st.index, locNodes, new Set(kept.map((n) => n.info.key)));
    }
  }
  const origCount = g.length;
  sortNodes(g, Boolean(opts.cum));
  const nodeCount = opts.nodeCount ?? 0;
  if (nodeCount > 0) {
    trimEdges(g, edgeCutoff);
    if (nodeCount < g.length) {
      g = buildGraph(p, st.index, locNodes, new Set(g.slice(0, nodeCount).map((n) => n.info.key)));
      sortNodes(g, Boolean(opts.cum));
    }
  }
  trimEdges(g, edgeCutoff);

  const unit = outputUnit(g, total, st.unit);
  const fmt = (v: number) => scaledLabel(v, st.unit, unit);
  const pct = (v: number) => (total !== 0 ? Math.abs(v / total) * 100 : 0);

  const s = p.stringTable.strings;
  const labels: string[] = [];
  const main = p.mapping[0];
  const file = main && s[num(main.filename)] ? goBase(s[num(main.filename)]) : undefined;
  if (file) labels.push(`File: ${file}`);
  if (main && s[num(main.buildId)]) labels.push(`Build ID: ${s[num(main.buildId)]}`);
  for (const c of p.comment) if (!s[num(c)].startsWith('#')) labels.push(s[num(c)]);
  labels.push(`Type: ${st.type}`);
  const timeNs = num(p.timeNanos);
  if (timeNs !== 0) labels.push(`Time: ${goTimeLabel(Math.floor(timeNs / 1e6), opts.timeZone)}`);
  const durationNs = num(p.durationNanos);
  if (durationNs !== 0) {
    const [totalNs, totalUnit] = scale(total, st.unit, 'nanoseconds');
    const ratio = totalUnit === 'ns' && totalNs !== 0 ? `(${percentage(Math.trunc(totalNs), durationNs)})` : '';
    labels.push(`Duration: ${scaledLabel(durationNs, 'nanoseconds', 'auto')}, Total samples = ${fmt(total)} ${ratio}`);
  }
  const flatSum = g.reduce((a, n) => a + n.flat, 0);
  labels.push(`Showing nodes accounting for ${fmt(flatSum)}, ${percentage(flatSum, total).trim()} of ${fmt(total)} total`);
  if (total !== 0) {
    if (droppedNodes > 0) labels.push(`Dropped ${droppedNodes} node${droppedNodes > 1 ? 's' : ''} (cum <= ${fmt(Math.abs(Math.trunc(total * nodeFraction)))})`);
    if (g.length > 0 && g.length < origCount) labels.push(`Showing top ${g.length} nodes out of ${origCount}`);
  }

  let running = 0;
  const rows: TopRow[] = g.map((n) => {
    running += n.flat;
    let inline = false;
    let called = false;
    for (const e of n.callers.values()) {
      if (e.inline) inline = true;
      else called = true;
    }
    return {
      function: n.info.name,
      ...(inline ? { inline: called ? ('partial-inline' as const) : ('inline' as const) } : {}),
      flat: n.flat,
      flatPct: pct(n.flat),
      sumPct: pct(running),
      cum: n.cum,
      cumPct: pct(n.cum),
      flatText: fmt(n.flat),
      cumText: fmt(n.cum),
    };
  });
  return {
    labels,
    file,
    type: st.type,
    unit: st.unit,
    total,
    outputUnit: unit,
    rows,
    nodes: origCount,
    droppedNodes,
    nodeCutoff: Math.abs(Math.trunc(total * nodeFraction)),
    time: timeNs ? new Date(Math.floor(timeNs / 1e6)) : undefined,
    durationNs: durationNs || undefined,
    sampleTypes: sampleTypes(p),
  };
}

/** A value as pprof labels it on its own: time and memory scaled to a readable unit, counts as they are. */
export function formatValue(v: number, unit: string): string {
  return scaledLabel(v, unit, 'auto');
}

/** The report as text, exactly as `go tool pprof -top` prints it. */
export function renderTop(r: TopReport): string {
  const lines = [...r.labels, `${'flat'.padStart(10)} ${'flat'.padStart(5)}% ${'sum'.padStart(5)}% ${'cum'.padStart(10)} ${'cum'.padStart(5)}%`];
  let running = 0;
  for (const row of r.rows) {
    running += row.flat;
    const inl = row.inline ? ` (${row.inline})` : '';
    lines.push(`${row.flatText.padStart(10)} ${percentage(row.flat, r.total)} ${percentage(running, r.total)} ${row.cumText.padStart(10)} ${percentage(row.cum, r.total)}  ${row.function}${inl}`);
  }
  return lines.join('\n') + '\n';
}

/**
 * Folded stacks (root first) with their values, for flame graphs; samples without a stack count
 * toward the root only, zero-valued ones are dropped.
 */
export function foldedStacks(p: Profile, sampleType?: string): { stacks: Array<{ frames: string[]; value: number }>; type: SampleTypeInfo; total: number } {
  const type = pickSampleType(p, sampleType);
  const out = stacks(p, type.index)
    .filter((s) => s.value > 0)
    .map((s) => ({ frames: [...s.frames].reverse(), value: s.value }));
  return { stacks: out, type, total: out.reduce((a, s) => a + s.value, 0) };
}
