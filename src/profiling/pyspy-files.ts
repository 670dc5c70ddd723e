/**
 * py-spy's own files, so that a dump or a recording taken elsewhere reads the same way as one taken
 * through the mesh admin API: `py-spy dump --json` (a list of thread stack traces, or the API's
 * PySpyResult / Ok body), `py-spy record -f raw` (collapsed stacks, `frame;frame;frame count`,
 * root first) and `py-spy record -f speedscope`. Unknown fields are ignored; a missing field that
 * is needed, or a file of another kind, is an error that names the file and what is wrong.
 */
import { basename } from 'node:path';
import { z } from 'zod';
import { MeshError } from '../errors.js';
import { PySpyResult, PySpyStackTrace, type PySpyOk } from '../backends/admin/models.js';
import { readInput } from '../files.js';
import type { ThreadStack } from './pyspy.js';

export type PySpyFile =
  | { kind: 'dump'; file: string; result: PySpyResult; raw: unknown }
  | { kind: 'collapsed'; file: string; stacks: ThreadStack[] }
  | { kind: 'speedscope'; file: string; stacks: ThreadStack[]; threads: string[] };

const READS = "meshscope reads py-spy's dump --json output, record -f raw (collapsed stacks) and record -f speedscope files";

function bad(file: string, what: string, hint = READS): MeshError {
  return new MeshError({ kind: 'usage', code: 'invalid_pyspy_file', message: `${file}: ${what}`, hint });
}

/** A JSON path as `[0].frames[3].line`. */
function jsonPath(path: ReadonlyArray<PropertyKey>): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '') || '(the whole file)';
}

function issueText(issue: z.core.$ZodIssue, data: unknown): string {
  let at: unknown = data;
  for (const k of issue.path) at = at && typeof at === 'object' ? (at as Record<PropertyKey, unknown>)[k as PropertyKey] : undefined;
  if (issue.code === 'invalid_type' && at === undefined) return `${jsonPath(issue.path)}: missing (expected ${issue.expected})`;
  if (issue.code === 'invalid_type') return `${jsonPath(issue.path)}: expected ${issue.expected}, not ${at === null ? 'null' : Array.isArray(at) ? 'a list' : typeof at}`;
  return `${jsonPath(issue.path)}: ${issue.message}`;
}

/** The first field that keeps `data` from being `schema`, in the file's words. */
function check<T>(file: string, schema: z.ZodType<T>, data: unknown, what: string): T {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  // a union reports its own failure: dig for the issue of the branch that came closest
  let issue = parsed.error.issues[0];
  while (issue.code === 'invalid_union' && issue.errors.length) {
    const branches = issue.errors.filter((e) => e.length);
    const deepest = branches.sort((a, b) => b[0].path.length - a[0].path.length)[0];
    if (!deepest) break;
    issue = { ...deepest[0], path: [...issue.path, ...deepest[0].path] } as z.core.$ZodIssue;
  }
  throw bad(file, `not ${what}: ${issueText(issue, data)}`);
}

/** py-spy's short file name for a path it only gives in full (speedscope): below the Python library folder, else the base name. */
export function shortFilename(path: string): string {
  const m = /\/lib\/python[\d.]+t?\/(?:(?:site|dist)-packages\/)?(.+)$/.exec(path);
  return m ? m[1] : basename(path);
}

/** `name (file:line)` back into its parts (collapsed stacks hold frames as labels). */
function parseLabel(label: string): ThreadStack['frames'][number] {
  const m = /^(.*) \(([^()]*?)(?::(\d+))?\)$/.exec(label);
  // a frame without a file: py-spy's thread and process frames (`--threads`, `--subprocesses`)
  if (!m) return { name: label, filename: '', short_filename: null, line: 0 };
  return { name: m[1], filename: m[2], short_filename: m[2], line: m[3] ? Number(m[3]) : 0 };
}

const SpeedscopeFile = z.looseObject({
  profiles: z.array(
    z.looseObject({
      type: z.string(),
      name: z.string().nullish(),
      unit: z.string().nullish(),
      samples: z.array(z.array(z.number().int().nonnegative())).optional(),
      weights: z.array(z.number()).optional(),
    }),
  ),
  shared: z.looseObject({
    frames: z.array(z.looseObject({ name: z.string(), file: z.string().nullish(), line: z.number().int().nullish() })),
  }),
});

const UNIT_SECONDS: Record<string, number> = { seconds: 1, milliseconds: 1e-3, microseconds: 1e-6, nanoseconds: 1e-9 };

function readSpeedscope(file: string, data: unknown): PySpyFile {
  const s = check(file, SpeedscopeFile, data, 'a speedscope profile');
  const frames = s.shared.frames;
  const stacks: ThreadStack[] = [];
  const threads: string[] = [];
  s.profiles.forEach((p, pi) => {
    if (p.type !== 'sampled') throw bad(file, `profiles[${pi}] is a "${p.type}" profile; py-spy writes "sampled" ones`);
    const samples = p.samples ?? [];
    const weights = p.weights ?? [];
    if (weights.length && weights.length !== samples.length) throw bad(file, `profiles[${pi}] has ${samples.length} samples but ${weights.length} weights`);
    const perSecond = p.unit ? UNIT_SECONDS[p.unit] : undefined;
    threads.push(p.name ?? `profile ${pi}`);
    samples.forEach((stack, si) => {
      const resolved = stack.map((fi) => {
        const fr = frames[fi];
        if (!fr) throw bad(file, `profiles[${pi}].samples[${si}] names frame ${fi}, but shared.frames has ${frames.length}`);
        const path = fr.file ?? '';
        return { name: fr.name, filename: path, short_filename: path ? shortFilename(path) : null, line: fr.line ?? 0 };
      });
      const w = weights.length ? weights[si] : undefined;
      // speedscope stacks are root first; py-spy's are innermost first
      stacks.push({ frames: resolved.reverse(), count: 1, ...(w !== undefined && perSecond !== undefined ? { seconds: w * perSecond } : {}) });
    });
  });
  return { kind: 'speedscope', file, stacks, threads };
}

function readCollapsed(file: string, text: string): PySpyFile {
  const stacks: ThreadStack[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    const m = /^(.*\S)\s+(\d+)\s*$/.exec(line);
    if (!m) throw bad(file, `line ${i + 1} is not a collapsed stack ("frame;frame;frame count"): ${JSON.stringify(line.length > 80 ? `${line.slice(0, 80)}…` : line)}`);
    stacks.push({ frames: m[1].split(';').map(parseLabel).reverse(), count: Number(m[2]) });
  });
  if (stacks.length === 0) throw bad(file, 'holds no stacks');
  return { kind: 'collapsed', file, stacks };
}

/** A dump: py-spy's `--json` list, or the API's PySpyResult, or its Ok body. */
function readDump(file: string, data: unknown): PySpyFile {
  if (Array.isArray(data)) {
    const traces = check(file, z.array(PySpyStackTrace), data, 'a py-spy dump (py-spy dump --json)');
    const pid = traces.find((t) => t.pid !== undefined)?.pid ?? 0;
    const ok: PySpyOk = { pid, binary: 'py-spy', stack_traces: traces, warnings: [] };
    return { kind: 'dump', file, result: { Ok: ok }, raw: data };
  }
  const o = data as Record<string, unknown>;
  if ('stack_traces' in o) {
    const ok = check(file, PySpyResult, { Ok: data }, 'a py-spy dump (the Ok body of a PySpyResult)') as { Ok: PySpyOk };
    return { kind: 'dump', file, result: ok, raw: data };
  }
  const result = check(file, PySpyResult, data, 'a PySpyResult (Ok, BinaryNotFound or Failed)');
  return { kind: 'dump', file, result, raw: data };
}

/** Read a py-spy file of any of the kinds meshscope understands, telling them apart by content. */
export function readPySpyFile(file: string): PySpyFile {
  const bytes = readInput(file, 'py-spy file', 'check the path');
  const text = bytes.toString('utf8').replace(/^\ufeff/, '');
  const start = text.trimStart()[0];
  if (start === undefined) throw bad(file, 'is empty');
  if (/^\s*<(\?xml|svg[\s>]|!doctype|html[\s>])/i.test(text)) throw bad(file, 'is XML or SVG (a flame graph?), not data py-spy wrote to read back', `${READS}; an SVG is already a flame graph: open it in a browser`);
  if (bytes.includes(0)) throw bad(file, 'is a binary file, not a py-spy dump or recording');
  if (start === '{' || start === '[') {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (e) {
      throw bad(file, `is not valid JSON: ${(e as Error).message}`, 'the file may be truncated; save it again');
    }
    if (data && typeof data === 'object' && !Array.isArray(data)) {
      const o = data as Record<string, unknown>;
      if ('profiles' in o || 'shared' in o || String(o.$schema ?? '').includes('speedscope')) return readSpeedscope(file, data);
      if (!('stack_traces' in o) && !('Ok' in o) && !('Failed' in o) && !('BinaryNotFound' in o)) {
        throw bad(file, `is JSON, but neither a py-spy dump nor a speedscope profile (its keys: ${Object.keys(o).slice(0, 8).join(', ') || 'none'})`);
      }
    } else if (!Array.isArray(data)) throw bad(file, 'is JSON, but neither a py-spy dump nor a speedscope profile');
    return readDump(file, data);
  }
  return readCollapsed(file, text);
}
