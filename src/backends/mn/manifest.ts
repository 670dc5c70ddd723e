/**
 * Local validation of MirrorNeuron workflow manifests (`mn.workflow/v1`, JSON or YAML) before they
 * are submitted: the schema (zod) plus the graph rules the runtime enforces, each issue pointing at
 * its field (`workflow.edges[0].to`) and, where the file has one, its line. The legacy manifest
 * format (`graph_id` + `nodes`), still accepted by the gateway, is checked too.
 *
 * The gateway itself checks only requirements and input rules, never this schema (its own API
 * document's minimal example would not pass it): the check is the CLI's, and `--validate` decides
 * what it does — strict refuses, warn reports each problem and sends, none skips it.
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { z } from 'zod';
import { MeshError } from '../../errors.js';
import { listZip, readZipEntry, type ZipEntry } from '../../zip.js';

export interface ManifestIssue {
  /** Dotted path of the field, `(root)` for the document itself. */
  path: string;
  message: string;
  help?: string;
  line?: number;
  /** What describeDetails prints before the message: the path and the line. */
  loc: string;
}

export interface LoadedManifest {
  file: string;
  manifest: Record<string, unknown>;
  format: 'mn.workflow/v1' | 'legacy';
  /** What the gateway receives as manifest_json. */
  json: string;
  /** Whether the schema was checked (not under `--validate none`). */
  checked: boolean;
  /** The problems found and let through (`--validate warn`); empty otherwise. */
  problems: ManifestIssue[];
}

/** What a local manifest check does with a problem: refuse, warn and go on, or not look. */
export type ManifestCheck = 'strict' | 'warn' | 'none';

export interface ManifestCheckOptions {
  /** Default strict. */
  validate?: ManifestCheck;
  /** Under warn: called once per problem with its line (the caller prints it as a warning). */
  warn?: (line: string) => void;
}

/** One problem on one line: `workflow.sink (flow.yaml:13): is required (a string)`. */
export function problemLine(p: ManifestIssue): string {
  return `${p.loc}: ${p.message}${p.help ? ` (${p.help})` : ''}`;
}

const nonEmpty = z.string().min(1, 'must not be empty');
const obj = z.record(z.string(), z.unknown());

const Step = z.looseObject({
  id: nonEmpty,
  label: z.string().optional(),
  run: nonEmpty.optional(),
  control: z
    .looseObject({
      required: z.boolean().optional(),
      timeout_seconds: z.number().positive('must be greater than 0').optional(),
      retry: z.looseObject({ max_attempts: z.number().int().min(1, 'must be at least 1').optional(), backoff_seconds: z.number().nonnegative().optional() }).optional(),
      failure_policy: z.string().optional(),
    })
    .optional(),
  join: z.looseObject({ mode: z.string().optional(), min_success: z.number().int().min(1, 'must be at least 1').optional() }).optional(),
});

const Edge = z.looseObject({
  id: nonEmpty,
  from: nonEmpty,
  to: nonEmpty,
  event: z.string().optional(),
  required: z.boolean().optional(),
  accepts: z.array(nonEmpty).min(1, 'must list at least one event when given').optional(),
  condition: z.string().optional(),
});

const Execution = z.union([z.enum(['parallel', 'serial']), z.looseObject({ strategy: z.enum(['parallel', 'serial']).optional(), max_parallel_steps: z.number().int().min(1).optional() })]);

const ModelBinding = z.looseObject({
  provider: z.string().optional(),
  model: z.string().optional(),
  runtime_model: z.string().optional(),
  backend: z.enum(['auto', 'llama.cpp', 'vllm']).optional(),
  context_size: z.number().int().min(1).optional(),
  required: z.boolean().optional(),
  customize_mode: z.literal(true).optional(),
});

export const WorkflowManifestV1 = z.looseObject({
  apiVersion: z.enum(['mn.workflow/v1', 'mn.workflow/v2'], { error: 'must be "mn.workflow/v1"' }),
  kind: z.literal('Workflow', { error: 'must be "Workflow"' }),
  id: nonEmpty,
  name: nonEmpty,
  manifest_version: nonEmpty,
  job_name: nonEmpty,
  contract: z.looseObject({ inputs: obj, outputs: z.looseObject({ primary: obj }) }),
  workflow: z.looseObject({
    schema: z.literal('mn.workflow.problem_graph/v1', { error: 'must be "mn.workflow.problem_graph/v1"' }),
    workflow_id: nonEmpty,
    mode: z.enum(['static_dag', 'dynamic_dag']).optional(),
    entrypoint: nonEmpty,
    source: nonEmpty,
    sink: nonEmpty,
    execution: Execution.optional(),
    steps: z.array(Step).min(1, 'must contain at least one step'),
    edges: z.array(Edge),
  }),
  agents: z.looseObject({
    schema: z.literal('mn.agents.communication_graph/v1', { error: 'must be "mn.agents.communication_graph/v1"' }),
    entrypoints: z.array(nonEmpty).min(1, 'must name at least one agent node'),
    nodes: z.array(z.looseObject({ node_id: nonEmpty })).min(1, 'must contain at least one agent node'),
    edges: z.array(z.looseObject({ edge_id: nonEmpty, from_node: nonEmpty, to_node: nonEmpty, message_type: z.string().optional() })),
  }),
  runtime: z.looseObject({ bindings: obj, models: z.record(z.string(), ModelBinding).optional() }),
});
export type WorkflowManifestV1 = z.infer<typeof WorkflowManifestV1>;

export const LegacyManifest = z.looseObject({
  manifest_version: z.string().optional(),
  graph_id: nonEmpty,
  job_name: z.string().optional(),
  type: z.string().optional(),
  entrypoints: z.array(nonEmpty).optional(),
  nodes: z.array(z.looseObject({ node_id: nonEmpty, agent_type: z.enum(['router', 'executor', 'aggregator', 'sensor']).optional(), type: z.string().optional() })).min(1, 'must contain at least one node'),
  edges: z.array(z.looseObject({ edge_id: z.string().optional(), from_node: nonEmpty, to_node: nonEmpty, message_type: z.string().optional() })).default([]),
});

const FORBIDDEN_ROOTS: Record<string, string> = {
  flow: 'describe the steps under `workflow` (workflow.steps, workflow.edges)',
  graph_id: 'use `id` and `workflow.workflow_id`',
  nodes: 'move agent nodes to `agents.nodes`',
  edges: 'move step edges to `workflow.edges` and agent edges to `agents.edges`',
  entrypoints: 'use `workflow.entrypoint` and `agents.entrypoints`',
};

type Seg = string | number;

function pathText(path: readonly Seg[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${p}` : p;
  }
  return out || '(root)';
}

function valueAt(data: unknown, path: readonly Seg[]): unknown {
  let cur = data;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[p];
  }
  return cur;
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  return `a ${typeof v}`;
}

/** The format of a parsed manifest object: legacy when it has no apiVersion but a graph_id or nodes. */
function formatOf(m: Record<string, unknown>): LoadedManifest['format'] {
  return m.apiVersion === undefined && (m.graph_id !== undefined || m.nodes !== undefined) ? 'legacy' : 'mn.workflow/v1';
}

/** Validate a parsed manifest; [] when it is fine. */
export function manifestIssues(data: unknown): { format: LoadedManifest['format']; issues: Omit<ManifestIssue, 'loc' | 'line'>[] } {
  const issues: Omit<ManifestIssue, 'loc' | 'line'>[] = [];
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return { format: 'mn.workflow/v1', issues: [{ path: '(root)', message: `the manifest must be an object, not ${typeName(data)}` }] };
  }
  const m = data as Record<string, unknown>;
  const legacy = formatOf(m) === 'legacy';
  const schema = legacy ? LegacyManifest : WorkflowManifestV1;
  const parsed = schema.safeParse(m);
  if (!parsed.success) {
    for (const i of parsed.error.issues) {
      const path = i.path as Seg[];
      const value = valueAt(m, path);
      let message = i.message;
      if (i.code === 'invalid_type' && value === undefined) message = `is required (${i.expected === 'object' ? 'an object' : i.expected === 'array' ? 'a list' : `a ${i.expected}`})`;
      else if (i.code === 'invalid_type') message = `must be ${i.expected === 'object' ? 'an object' : i.expected === 'array' ? 'a list' : `a ${i.expected}`}, not ${typeName(value)}`;
      else if (i.code === 'invalid_value' && value === undefined) message = `is required: ${i.message}`;
      else if (i.code === 'invalid_value' && 'values' in i) message = `${i.message} (got ${JSON.stringify(value)})`;
      issues.push({ path: pathText(path), message, help: path[0] === 'apiVersion' && value === undefined ? 'add `apiVersion: mn.workflow/v1` and `kind: Workflow`' : undefined });
    }
  }
  if (legacy) {
    if (parsed.success) legacyGraphIssues(parsed.data as z.infer<typeof LegacyManifest>, issues);
    return { format: 'legacy', issues };
  }
  for (const [key, help] of Object.entries(FORBIDDEN_ROOTS)) {
    if (key in m) issues.push({ path: key, message: 'is not allowed at the top level of an mn.workflow/v1 manifest', help });
  }
  graphIssues(m, issues);
  return { format: 'mn.workflow/v1', issues };
}

function dupes<T>(items: T[], key: (t: T) => string | undefined, at: (i: number) => string, what: string, issues: Omit<ManifestIssue, 'loc' | 'line'>[]): Set<string> {
  const seen = new Set<string>();
  items.forEach((it, i) => {
    const k = key(it);
    if (k === undefined) return;
    if (seen.has(k)) issues.push({ path: at(i), message: `duplicate ${what} "${k}"` });
    seen.add(k);
  });
  return seen;
}

type Raw = Record<string, unknown>;
const isObj = (v: unknown): v is Raw => v !== null && typeof v === 'object' && !Array.isArray(v);
const objs = (v: unknown): Raw[] => (Array.isArray(v) ? v.map((x) => (isObj(x) ? x : {})) : []);
const strOf = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);

/** The graph rules, checked on whatever parts of the manifest are well formed (so one bad field does not hide the others). */
function graphIssues(m: Raw, issues: Omit<ManifestIssue, 'loc' | 'line'>[]): void {
  const wf = isObj(m.workflow) ? m.workflow : undefined;
  if (wf && Array.isArray(wf.steps)) {
    const steps = objs(wf.steps);
    const edges = objs(wf.edges);
    const stepIds = dupes(steps, (st) => strOf(st.id), (i) => `workflow.steps[${i}].id`, 'step id', issues);
    dupes(edges, (e) => strOf(e.id), (i) => `workflow.edges[${i}].id`, 'edge id', issues);
    const known = [...stepIds].join(', ');
    for (const f of ['entrypoint', 'source', 'sink'] as const) {
      const v = strOf(wf[f]);
      if (v !== undefined && !stepIds.has(v)) issues.push({ path: `workflow.${f}`, message: `names step "${v}", which is not in workflow.steps`, help: `known steps: ${known}` });
    }
    let edgesOk = Array.isArray(wf.edges);
    edges.forEach((e, i) => {
      for (const end of ['from', 'to'] as const) {
        const v = strOf(e[end]);
        if (v === undefined) {
          edgesOk = false;
          continue;
        }
        if (!stepIds.has(v)) {
          edgesOk = false;
          issues.push({ path: `workflow.edges[${i}].${end}`, message: `names step "${v}", which is not in workflow.steps`, help: `known steps: ${known}` });
        }
      }
    });
    // Reachability from the source, only when the edges themselves are sound.
    const source = strOf(wf.source);
    if (edgesOk && source && stepIds.has(source)) {
      const next = new Map<string, string[]>();
      for (const e of edges) next.set(String(e.from), [...(next.get(String(e.from)) ?? []), String(e.to)]);
      const seen = new Set([source]);
      const queue = [source];
      while (queue.length) {
        for (const n of next.get(queue.shift()!) ?? []) {
          if (seen.has(n)) continue;
          seen.add(n);
          queue.push(n);
        }
      }
      steps.forEach((st, i) => {
        const id = strOf(st.id);
        if (id && !seen.has(id)) issues.push({ path: `workflow.steps[${i}]`, message: `step "${id}" cannot be reached from the source step "${source}"`, help: 'add an edge leading to it, or remove it' });
      });
    }
    const runtime = isObj(m.runtime) ? m.runtime : undefined;
    if (runtime && isObj(runtime.bindings)) {
      const runs = new Set(steps.map((st) => strOf(st.run) ?? strOf(st.id)).filter((x): x is string => Boolean(x)));
      for (const key of Object.keys(runtime.bindings)) {
        if (!runs.has(key)) issues.push({ path: `runtime.bindings.${key}`, message: `binds "${key}", which no step runs`, help: `bindings are keyed by a step's run (or id): ${[...runs].join(', ')}` });
      }
    }
  }
  const agents = isObj(m.agents) ? m.agents : undefined;
  if (agents && Array.isArray(agents.nodes)) {
    const nodeIds = dupes(objs(agents.nodes), (n) => strOf(n.node_id), (i) => `agents.nodes[${i}].node_id`, 'agent node id', issues);
    (Array.isArray(agents.entrypoints) ? agents.entrypoints : []).forEach((e, i) => {
      if (typeof e === 'string' && e && !nodeIds.has(e)) issues.push({ path: `agents.entrypoints[${i}]`, message: `names agent node "${e}", which is not in agents.nodes` });
    });
    objs(agents.edges).forEach((e, i) => {
      for (const end of ['from_node', 'to_node'] as const) {
        const v = strOf(e[end]);
        if (v !== undefined && !nodeIds.has(v)) issues.push({ path: `agents.edges[${i}].${end}`, message: `names agent node "${v}", which is not in agents.nodes` });
      }
    });
  }
}

function legacyGraphIssues(m: z.infer<typeof LegacyManifest>, issues: Omit<ManifestIssue, 'loc' | 'line'>[]): void {
  const ids = dupes(m.nodes, (n) => n.node_id as string | undefined, (i) => `nodes[${i}].node_id`, 'node id', issues);
  (m.entrypoints ?? []).forEach((e, i) => {
    if (!ids.has(e)) issues.push({ path: `entrypoints[${i}]`, message: `names node "${e}", which is not in nodes` });
  });
  m.edges.forEach((e, i) => {
    for (const end of ['from_node', 'to_node'] as const) if (!ids.has(e[end])) issues.push({ path: `edges[${i}].${end}`, message: `names node "${e[end]}", which is not in nodes` });
  });
}

function splitPath(path: string): Seg[] {
  if (path === '(root)') return [];
  const out: Seg[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : m[1]);
  return out;
}

/** The line of the deepest node of `path` that exists in the document. */
function lineOf(doc: Document, lc: LineCounter, path: string): number | undefined {
  const segs = splitPath(path);
  for (let n = segs.length; n >= 0; n--) {
    const node = (n === 0 ? doc.contents : doc.getIn(segs.slice(0, n), true)) as { range?: [number, number, number] } | null | undefined;
    if (node && node.range) return lc.linePos(node.range[0]).line;
  }
  return undefined;
}

function invalid(file: string, message: string, issues: ManifestIssue[], hint: string): MeshError {
  return new MeshError({ kind: 'usage', code: 'manifest_invalid', message, hint, details: issues });
}

/**
 * Parse the text of a manifest file (JSON or YAML) and check it as `validate` says. Text that does
 * not parse, or a document that is not an object, is refused in every mode (there is no manifest to
 * send); under strict (the default) a schema problem is an exit-2 error naming each field.
 */
export function parseManifest(text: string, file: string, opts: ManifestCheckOptions = {}): LoadedManifest {
  const mode = opts.validate ?? 'strict';
  const ext = extname(file).toLowerCase();
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: true, prettyErrors: false });
  if (ext === '.json') {
    try {
      JSON.parse(text);
    } catch (e) {
      throw new MeshError({ kind: 'usage', code: 'manifest_unreadable', message: `${file} is not valid JSON: ${(e as Error).message}`, hint: 'fix the JSON syntax (or give a .yaml manifest)' });
    }
  }
  if (doc.errors.length) {
    const err = doc.errors[0];
    const line = lc.linePos(err.pos[0]).line;
    throw new MeshError({ kind: 'usage', code: 'manifest_unreadable', message: `${file}:${line}: not valid ${ext === '.json' ? 'JSON' : 'YAML'}: ${err.message.split('\n')[0]}`, hint: 'fix the syntax of the manifest file' });
  }
  const data = doc.toJS({ maxAliasCount: 100 }) as unknown;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    const root = manifestIssues(data).issues[0];
    throw invalid(file, `${file} is not a manifest: ${root.message}`, [{ ...root, loc: root.path }], 'a manifest is an object (mn.workflow/v1: apiVersion, kind, workflow, ...)');
  }
  const manifest = data as Record<string, unknown>;
  const loaded: LoadedManifest = { file, manifest, format: formatOf(manifest), json: JSON.stringify(data), checked: mode !== 'none', problems: [] };
  if (mode === 'none') return loaded;
  const { format, issues } = manifestIssues(data);
  const located: ManifestIssue[] = issues.map((i) => {
    const line = lineOf(doc, lc, i.path);
    return { ...i, line, loc: line ? `${i.path} (${file}:${line})` : i.path };
  });
  if (located.length && mode === 'strict') {
    const first = located[0];
    throw invalid(
      file,
      `${file} is not a valid ${format === 'legacy' ? 'legacy' : 'mn.workflow/v1'} manifest: ${first.path} ${first.message}${located.length > 1 ? ` (and ${located.length - 1} more)` : ''}`,
      located,
      'fix the fields listed above, or send it anyway with --validate warn (the gateway checks only requirements and inputs; --force skips those)',
    );
  }
  for (const p of located) opts.warn?.(problemLine(p));
  return { ...loaded, problems: located };
}

export function loadManifest(file: string, opts: ManifestCheckOptions = {}): LoadedManifest {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new MeshError({
      kind: 'usage',
      code: 'manifest_unreadable',
      message: `cannot read the manifest ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (code ?? (e as Error).message)}`,
      hint: code === 'EISDIR' ? 'pass the manifest.json inside the bundle folder, or upload a bundle zip with `meshscope bundle upload`' : 'pass -f with the path to a manifest .json or .yaml file',
    });
  }
  return parseManifest(text, file, opts);
}

/** `--payload-file NAME=FILE` values: the gateway takes payloads as UTF-8 text keyed by name. */
export function readPayloads(specs: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const spec of specs) {
    const eq = spec.indexOf('=');
    if (eq <= 0 || eq === spec.length - 1) {
      throw new MeshError({ kind: 'usage', code: 'usage', message: `invalid --payload-file "${spec}"`, hint: 'use --payload-file NAME=FILE, e.g. --payload-file input.txt=./data/input.txt' });
    }
    const name = spec.slice(0, eq);
    const file = spec.slice(eq + 1);
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (e) {
      throw new MeshError({ kind: 'usage', code: 'usage', message: `cannot read payload ${name} from ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, hint: 'check the FILE part of --payload-file NAME=FILE' });
    }
    const text = bytes.toString('utf8');
    if (!Buffer.from(text, 'utf8').equals(bytes)) {
      throw new MeshError({ kind: 'usage', code: 'usage', message: `payload ${name} (${file}) is not UTF-8 text`, hint: 'the gateway takes payloads as text; put binary files in a bundle zip and use `meshscope bundle upload`' });
    }
    if (name in out) throw new MeshError({ kind: 'usage', code: 'usage', message: `payload ${name} is given twice`, hint: 'give each payload NAME once' });
    out[name] = text;
  }
  return out;
}

/**
 * The manifest.json of a bundle zip (at the top, or in its one top folder), checked as `validate`
 * says before the zip is uploaded. Undefined when there is none to check — not a zip, no
 * manifest.json, or one that is not JSON: the gateway refuses those itself, with its own words.
 */
export function bundleManifest(zip: Buffer, file: string, opts: ManifestCheckOptions = {}): LoadedManifest | undefined {
  if ((opts.validate ?? 'strict') === 'none') return undefined;
  let entries: ZipEntry[];
  try {
    entries = listZip(zip);
  } catch {
    return undefined;
  }
  const roots = new Set(entries.map((e) => e.name.split('/')[0]));
  const entry = entries.find((e) => e.name === 'manifest.json') ?? (roots.size === 1 ? entries.find((e) => e.name === `${[...roots][0]}/manifest.json`) : undefined);
  if (!entry) return undefined;
  let text: string;
  try {
    text = readZipEntry(zip, entry).toString('utf8');
    JSON.parse(text);
  } catch {
    return undefined;
  }
  return parseManifest(text, `${file}:${entry.name}`, opts);
}
