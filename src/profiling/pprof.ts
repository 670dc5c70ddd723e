/**
 * Reading Go pprof profiles: gunzip + protobuf decode (pprof-format), the choice of sample type,
 * stacks as function names, the flat/cum table of `go tool pprof -top`, and folded stacks for
 * flame graphs.
 */
import { gunzipSync } from 'node:zlib';
import { basename } from 'node:path';
import { Profile } from 'pprof-format';
import { MeshError, usageError } from '../errors.js';

type Numeric = number | bigint;

/** A signed 64-bit protobuf value as a JS number (pprof-format hands large ones over as bigint). */
export function num(v: Numeric | undefined): number {
  if (v === undefined) return 0;
  return typeof v === 'bigint' ? Number(BigInt.asIntN(64, v)) : v;
}

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Decode a pprof profile: gzip-compressed (as Go writes them) or plain protobuf. */
export function decodeProfile(bytes: Uint8Array, what = 'the profile'): Profile {
  let raw: Uint8Array = bytes;
  if (isGzip(bytes)) {
    try {
      raw = gunzipSync(bytes);
    } catch (e) {
      throw new MeshError({ kind: 'usage', code: 'invalid_profile', message: `${what} is not a valid gzip file: ${(e as Error).message}`, hint: 'the download may be truncated; capture it again' });
    }
  }
  let profile: Profile;
  try {
    profile = Profile.decode(raw);
  } catch (e) {
    throw new MeshError({ kind: 'usage', code: 'invalid_profile', message: `${what} is not a pprof profile: ${(e as Error).message}`, hint: 'give a file written by `pprof capture` or by Go (go tool pprof -proto)' });
  }
  const problem = validateProfile(profile);
  if (problem) throw new MeshError({ kind: 'usage', code: 'invalid_profile', message: `${what} is not a valid pprof profile: ${problem}`, hint: 'give a file written by `pprof capture` or by Go (go tool pprof -proto)' });
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
  const functions = new Set<number>();
  for (const fn of p.function) {
    if (num(fn.id) === 0) return 'a function has id 0';
    if (functions.has(num(fn.id))) return `function id ${num(fn.id)} is used twice`;
    functions.add(num(fn.id));
    const bad = str(fn.name, 'a function name') ?? str(fn.filename, 'a function file name');
    if (bad) return bad;
  }
  const mappings = new Set(p.mapping.map((m) => num(m.id)));
  const locations = new Set<number>();
  for (const loc of p.location) {
    if (num(loc.id) === 0) return 'a location has id 0';
    if (locations.has(num(loc.id))) return `location id ${num(loc.id)} is used twice`;
    locations.add(num(loc.id));
    if (num(loc.mappingId) !== 0 && !mappings.has(num(loc.mappingId))) return `location ${num(loc.id)} names unknown mapping ${num(loc.mappingId)}`;
    for (const l of loc.line) if (!functions.has(num(l.functionId))) return `location ${num(loc.id)} names unknown function ${num(l.functionId)}`;
  }
  for (const [i, s] of p.sample.entries()) {
    if (s.value.length !== p.sampleType.length) return `sample ${i} has ${s.value.length} values for ${p.sampleType.length} sample types`;
    for (const id of s.locationId) if (!locations.has(num(id))) return `sample ${i} names unknown location ${num(id)}`;
  }
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

/** The sample type to report: the one asked for, else the profile's default, else the last (as pprof does). */
export function pickSampleType(p: Profile, wanted?: string): SampleTypeInfo {
  const types = sampleTypes(p);
  if (wanted !== undefined) {
    const byName = types.find((t) => t.type === wanted);
    if (byName) return byName;
    if (/^\d+$/.test(wanted) && Number(wanted) < types.length) return types[Number(wanted)];
    throw usageError(`the profile has no sample type "${wanted}"`, `choose one of: ${types.map((t) => t.type).join(', ')}`);
  }
  const def = num(p.defaultSampleType);
  if (def !== 0) {
    const name = p.stringTable.strings[def];
    const found = types.find((t) => t.type === name);
    if (found) return found;
  }
  return types[types.length - 1];
}

/** Every sample as its stack of function names, leaf first (inlined frames expanded), and its value. */
export function stacks(p: Profile, index: number): Array<{ frames: string[]; value: number }> {
  const s = p.stringTable.strings;
  const fnName = new Map<number, string>();
  for (const fn of p.function) fnName.set(num(fn.id), s[num(fn.name)] || s[num(fn.systemName)] || `func#${num(fn.id)}`);
  const locFrames = new Map<number, string[]>();
  for (const loc of p.location) {
    // A location's lines run from the innermost inlined function to its caller.
    const names = loc.line.map((l) => fnName.get(num(l.functionId)) ?? `func#${num(l.functionId)}`);
    locFrames.set(num(loc.id), names.length ? names : [`0x${num(loc.address).toString(16)}`]);
  }
  return p.sample.map((sample) => ({
    frames: sample.locationId.flatMap((id) => locFrames.get(num(id)) ?? [`location#${num(id)}`]),
    value: num(sample.value[index]),
  }));
}

export interface TopRow {
  function: string;
  flat: number;
  flatPct: number;
  sumPct: number;
  cum: number;
  cumPct: number;
}

export interface TopReport {
  file?: string;
  type: string;
  unit: string;
  total: number;
  /** Every node, in the order asked for. */
  rows: TopRow[];
  time?: Date;
  durationNs?: number;
  sampleTypes: SampleTypeInfo[];
}

/** The flat/cum table of `go tool pprof -top` (granularity: functions). */
export function topReport(p: Profile, opts: { sampleType?: string; cum?: boolean } = {}): TopReport {
  const st = pickSampleType(p, opts.sampleType);
  const flat = new Map<string, number>();
  const cum = new Map<string, number>();
  let total = 0;
  for (const { frames, value } of stacks(p, st.index)) {
    if (value === 0 || frames.length === 0) continue;
    total += value;
    flat.set(frames[0], (flat.get(frames[0]) ?? 0) + value);
    for (const name of new Set(frames)) cum.set(name, (cum.get(name) ?? 0) + value);
  }
  const names = [...cum.keys()];
  const byFlat = (a: string, b: string) => (flat.get(b) ?? 0) - (flat.get(a) ?? 0) || (cum.get(b) ?? 0) - (cum.get(a) ?? 0) || a.localeCompare(b);
  const byCum = (a: string, b: string) => (cum.get(b) ?? 0) - (cum.get(a) ?? 0) || (flat.get(b) ?? 0) - (flat.get(a) ?? 0) || a.localeCompare(b);
  names.sort(opts.cum ? byCum : byFlat);
  const pct = (v: number) => (total === 0 ? 0 : (v / total) * 100);
  let running = 0;
  const rows = names.map((name) => {
    const f = flat.get(name) ?? 0;
    running += f;
    return { function: name, flat: f, flatPct: pct(f), sumPct: pct(running), cum: cum.get(name) ?? 0, cumPct: pct(cum.get(name) ?? 0) };
  });
  const timeNs = num(p.timeNanos);
  const mainFile = p.mapping.length ? p.stringTable.strings[num(p.mapping[0].filename)] : undefined;
  return {
    file: mainFile ? basename(mainFile) : undefined,
    type: st.type,
    unit: st.unit,
    total,
    rows,
    time: timeNs ? new Date(timeNs / 1e6) : undefined,
    durationNs: num(p.durationNanos) || undefined,
    sampleTypes: sampleTypes(p),
  };
}

const TIME_UNITS: Array<[string, number]> = [
  ['hrs', 3600e9],
  ['mins', 60e9],
  ['s', 1e9],
  ['ms', 1e6],
  ['us', 1e3],
  ['ns', 1],
];
const BYTE_UNITS: Array<[string, number]> = [
  ['TB', 1024 ** 4],
  ['GB', 1024 ** 3],
  ['MB', 1024 ** 2],
  ['kB', 1024],
  ['B', 1],
];

function scaled(v: number, units: Array<[string, number]>): string {
  const abs = Math.abs(v);
  const [u, div] = units.find(([, d]) => abs >= d) ?? units[units.length - 1];
  const text = (v / div).toFixed(2).replace(/\.00$/, '');
  return text === '0' || text === '-0' ? '0' : `${text}${u}`;
}

/** A value as pprof prints it: time and memory scaled to a readable unit, counts as they are. */
export function formatValue(v: number, unit: string): string {
  if (unit === 'nanoseconds' || unit === 'ns') return scaled(v, TIME_UNITS);
  if (unit === 'microseconds' || unit === 'us') return scaled(v * 1e3, TIME_UNITS);
  if (unit === 'milliseconds' || unit === 'ms') return scaled(v * 1e6, TIME_UNITS);
  if (unit === 'seconds' || unit === 's') return scaled(v * 1e9, TIME_UNITS);
  if (unit === 'bytes' || unit === 'B') return scaled(v, BYTE_UNITS);
  return String(v);
}

const pctText = (v: number) => `${v.toFixed(2)}%`;

/** The report as text, laid out like `go tool pprof -top`. */
export function renderTop(r: TopReport, limit?: number): string {
  const lines: string[] = [];
  if (r.file) lines.push(`File: ${r.file}`);
  lines.push(`Type: ${r.type}`);
  if (r.time) lines.push(`Time: ${r.time.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}`);
  if (r.durationNs) lines.push(`Duration: ${formatValue(r.durationNs, 'nanoseconds')}, Total samples = ${formatValue(r.total, r.unit)}${r.unit === 'nanoseconds' ? ` (${((r.total / r.durationNs) * 100).toFixed(2)}%)` : ''}`);
  const shown = limit !== undefined ? r.rows.slice(0, limit) : r.rows;
  const shownFlat = shown.reduce((a, row) => a + row.flat, 0);
  const pctOfTotal = r.total ? (shownFlat / r.total) * 100 : 0;
  lines.push(`Showing nodes accounting for ${formatValue(shownFlat, r.unit)}, ${pctOfTotal.toFixed(2).replace(/\.00$/, '')}% of ${formatValue(r.total, r.unit)} total`);
  if (shown.length < r.rows.length) lines.push(`Showing top ${shown.length} nodes out of ${r.rows.length}`);
  const cells = shown.map((row) => [formatValue(row.flat, r.unit), pctText(row.flatPct), pctText(row.sumPct), formatValue(row.cum, r.unit), pctText(row.cumPct)]);
  const head = ['flat', 'flat%', 'sum%', 'cum', 'cum%'];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)) + 1);
  const fmt = (c: string[]) => c.map((v, i) => v.padStart(widths[i] + (i === 0 ? 4 : 1))).join('');
  lines.push(fmt(head));
  shown.forEach((row, i) => lines.push(`${fmt(cells[i])}  ${row.function}`));
  return lines.join('\n') + '\n';
}

/** Folded stacks (root first) with their values, for flame graphs; zero-valued samples are dropped. */
export function foldedStacks(p: Profile, sampleType?: string): { stacks: Array<{ frames: string[]; value: number }>; type: SampleTypeInfo } {
  const type = pickSampleType(p, sampleType);
  const out = stacks(p, type.index)
    .filter((s) => s.value > 0 && s.frames.length > 0)
    .map((s) => ({ frames: [...s.frames].reverse(), value: s.value }));
  return { stacks: out, type };
}
