/**
 * How meshscope shows Monarch mesh nodes to operators: the properties of each variant with what
 * matters first (status, type, messages, queue depth, failure and its root cause, poisoned procs),
 * flight recorders as event tables, the topology tree (labels and status colours of the reference
 * TUI, named children before unnamed ones, each node once), the streaming rows of `mesh walk`,
 * config entries and query rows.
 *
 * Everything here is pure: it takes payloads and a chalk instance and returns rows or lines; the
 * output layer prints them (and sanitises what the server sent).
 */
import { sanitizeValue } from '../../output/sanitize.js';
import { formatBytes } from '../../output/units.js';
import type { ChalkInstance } from 'chalk';
import type { Column, Tone, View } from '../../output/index.js';
import type { ActorProperties, ConfigEntry, NodePayload, RecordedEvent } from './models.js';
import { parseFlightRecorder } from './payloads.js';
import { compactUid, nodeKind, nodeLabel, RefSet, type NodeKind } from './refs.js';

// ---------------------------------------------------------------------------------------------
// Status
// ---------------------------------------------------------------------------------------------

/** The state word of an actor status string: `failed`, `stopped`, `processing`, `idle`, `created`... */
export function actorState(status: string): string {
  const s = status.trim();
  if (/^failed\b/.test(s)) return 'failed';
  if (/^stopped\b/.test(s)) return 'stopped';
  if (/processing for \d+/.test(s)) return 'processing';
  const word = s.split(':')[0].trim();
  return word || 'unknown';
}

/** Whether an actor has failed: it carries failure info, or its status says so. */
export function actorFailed(a: ActorProperties): boolean {
  return Boolean(a.failure_info) || actorState(a.actor_status) === 'failed';
}

/** Whether an actor has terminated (stopped or failed). */
export function actorTerminated(a: ActorProperties): boolean {
  const st = actorState(a.actor_status);
  return st === 'stopped' || st === 'failed';
}

export interface NodeFlags {
  /** The node itself failed (an actor with failure info, a poisoned proc). */
  failed: boolean;
  /** A terminated actor (status stopped/failed, or listed in its proc's stopped_children). */
  stopped: boolean;
  /** A system node (is_system, or listed in its parent's system_children). */
  system: boolean;
}

export function nodeFlags(node: NodePayload, listed: { system?: boolean; stopped?: boolean } = {}): NodeFlags {
  const p = node.properties;
  if ('Actor' in p) {
    return { failed: actorFailed(p.Actor), stopped: actorTerminated(p.Actor) || Boolean(listed.stopped), system: p.Actor.is_system || Boolean(listed.system) };
  }
  if ('Proc' in p) return { failed: p.Proc.is_poisoned, stopped: Boolean(listed.stopped), system: Boolean(listed.system) };
  return { failed: false, stopped: Boolean(listed.stopped), system: Boolean(listed.system) };
}

/** One word for a node's state, as `mesh walk` lists it. */
export function nodeState(node: NodePayload): string {
  const p = node.properties;
  if ('Actor' in p) return p.Actor.failure_info ? 'failed' : actorState(p.Actor.actor_status);
  if ('Proc' in p) return p.Proc.is_poisoned ? 'poisoned' : 'ok';
  if ('Error' in p) return 'error';
  return 'ok';
}

export function stateTone(state: string): Tone {
  if (state === 'failed' || state === 'poisoned' || state === 'error') return 'bad';
  if (state === 'stopped' || state === 'stopping' || state === 'zombie') return 'dim';
  if (state === 'ok' || state === 'idle' || state === 'processing' || state === 'running') return 'ok';
  return 'warn';
}

/** A node's short name: a host's addr, a proc's name, an actor's compact uid, an error's code. */
export function shortName(node: NodePayload): string {
  const p = node.properties;
  if ('Root' in p) return 'root';
  if ('Host' in p) return p.Host.addr;
  if ('Proc' in p) return p.Proc.proc_name;
  if ('Actor' in p) return compactUid(node.identity);
  return `[error] ${p.Error.code}`;
}

// ---------------------------------------------------------------------------------------------
// Formatting helpers
// ---------------------------------------------------------------------------------------------

/** A duration in ms as `850ms`, `12.3s`, `4m 5s`, `2h 3m`, `3d 4h`. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${Math.floor(s % 60)}s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h ${m % 60}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

function since(from: string | null | undefined, to: string): string | undefined {
  if (!from) return undefined;
  const a = Date.parse(from);
  const b = Date.parse(to);
  if (Number.isNaN(a) || Number.isNaN(b)) return undefined;
  return formatMs(Math.max(0, b - a));
}

// ---------------------------------------------------------------------------------------------
// One node
// ---------------------------------------------------------------------------------------------

export type Field = [string, unknown, Tone?];

export interface NodeFieldOptions {
  /** false: leave the flight recorder out entirely. */
  flightRecorder?: boolean;
}

function actorFields(node: NodePayload, a: ActorProperties, opts: NodeFieldOptions): Field[] {
  const state = a.failure_info ? 'failed' : actorState(a.actor_status);
  const f: Field[] = [
    ['status', a.actor_status, stateTone(state)],
    ['type', a.actor_type],
    ['messages', a.messages_processed],
    ['queue depth', a.queue_depth, a.queue_depth > 0 ? 'warn' : undefined],
    ['processing time', formatMs(a.total_processing_time_us / 1000)],
    ['last handler', a.last_message_handler ?? undefined],
  ];
  const fi = a.failure_info;
  if (fi) {
    f.push(['error', fi.error_message, 'bad']);
    f.push(['root cause', fi.root_cause_name ? `${fi.root_cause_name} (${fi.root_cause_actor})` : fi.root_cause_actor, 'bad']);
    f.push(['failed at', fi.occurred_at]);
    f.push(['propagated', fi.is_propagated ? 'yes (the root cause is another actor)' : 'no (this actor is the root cause)']);
  }
  const ex = a.execution;
  if (ex && ex.active_count > 0) {
    const handlers = ex.active_handlers.map((h) => `${h.name} x${h.active_count} since ${h.oldest_since}${since(h.oldest_since, node.as_of) ? ` (${since(h.oldest_since, node.as_of)})` : ''}`);
    f.push(['executing', handlers.join('; ') + (ex.truncated ? ' (truncated)' : ''), 'warn']);
  }
  const io = a.inbound_ordering;
  if (io && io.enabled) {
    const stalled = io.sessions.filter((s) => s.buffered_count > 0);
    if (stalled.length) {
      const worst = stalled.reduce((m, s) => (s.buffered_count > m.buffered_count ? s : m));
      f.push([
        'inbound ordering',
        `${stalled.length} stalled session(s), ${io.returned_buffered_message_count} message(s) buffered; waiting for seq ${worst.expected_next_seq} from ${worst.sender ?? 'unknown sender'}`,
        'warn',
      ]);
    } else if (!io.snapshot_complete) f.push(['inbound ordering', 'snapshot incomplete', 'warn']);
    else f.push(['inbound ordering', `${io.known_session_count} session(s), none stalled`]);
  }
  f.push(['system', a.is_system ? 'yes' : 'no']);
  f.push(['created', a.created_at ?? undefined]);
  f.push(['instance', a.instance_id]);
  if (opts.flightRecorder !== false && a.flight_recorder !== undefined) {
    const events = parseFlightRecorder(a.flight_recorder);
    const last = events[events.length - 1];
    f.push(['flight recorder', events.length ? `${events.length} event(s), last ${last.timestamp ?? ''} ${eventSummary(last)} (--flight-recorder shows them)` : 'no events']);
  }
  return f;
}

/** The fields of a node for `mesh get` / `mesh root`, what operators need first. */
export function nodeFields(node: NodePayload, opts: NodeFieldOptions = {}): Field[] {
  const p = node.properties;
  const kind = nodeKind(node);
  const f: Field[] = [['kind', kind]];
  if ('Root' in p) {
    const r = p.Root;
    f.push(['hosts', r.num_hosts], ['started by', r.started_by], ['started at', r.started_at], ['uptime', since(r.started_at, node.as_of)]);
  } else if ('Host' in p) {
    const h = p.Host;
    f.push(['addr', h.addr], ['procs', h.num_procs], ['rss', formatBytes(h.memory.process_rss_bytes)], ['vm size', formatBytes(h.memory.process_vm_size_bytes)]);
    if (h.system_children.length) f.push(['system children', h.system_children.length]);
  } else if ('Proc' in p) {
    const pr = p.Proc;
    const sys = pr.system_children.length;
    const stp = pr.stopped_children.length;
    f.push(['name', pr.proc_name]);
    f.push(pr.is_poisoned ? ['status', `poisoned: ${pr.failed_actor_count} failed actor(s)`, 'bad'] : ['status', 'ok', 'ok']);
    f.push(['actors', `${pr.num_actors} live (${sys} system, ${Math.max(pr.num_actors - sys, 0)} user), ${stp} stopped${pr.stopped_retention_cap > 0 && stp >= pr.stopped_retention_cap ? ' (max retained)' : ''}`]);
    const d = pr.debug;
    f.push(['queue depth', `${d.actor_work_queue_depth_total} total, ${d.actor_work_queue_depth_max} max`, d.actor_work_queue_depth_total > 0 ? 'warn' : undefined]);
    f.push(['peak depth', d.actor_work_queue_depth_high_water_mark]);
    f.push(['last busy', d.last_nonzero_queue_depth_age_ms === null || d.last_nonzero_queue_depth_age_ms === undefined ? 'never' : d.last_nonzero_queue_depth_age_ms === 0 ? 'now' : `${formatMs(d.last_nonzero_queue_depth_age_ms)} ago`]);
    f.push(['rss', formatBytes(d.memory.process_rss_bytes)], ['vm size', formatBytes(d.memory.process_vm_size_bytes)]);
    f.push(['stopped retention', pr.stopped_retention_cap]);
  } else if ('Actor' in p) {
    f.push(...actorFields(node, p.Actor, opts));
  } else {
    f.push(['code', p.Error.code, 'bad'], ['message', p.Error.message, 'bad']);
  }
  f.push(['reference', node.identity]);
  f.push(['parent', node.parent ?? '(none)']);
  if (!node.children.length) f.push(['children', 'none']);
  f.push(['as of', node.as_of]);
  return f;
}

/** The child lines printed under a node (at most `max`, then "... and N more"). */
export function childLines(node: NodePayload, max = 50): string[] {
  const p = node.properties as Record<string, { system_children?: string[]; stopped_children?: string[] }>;
  const props = Object.values(p)[0] ?? {};
  const sys = new RefSet(props.system_children);
  const stp = new RefSet(props.stopped_children);
  const lines = node.children.slice(0, max).map((c) => {
    const marks = [sys.has(c) ? 'system' : '', stp.has(c) ? 'stopped' : ''].filter(Boolean);
    // one line per child, whatever its reference holds
    return `  ${sanitizeValue(c)}${marks.length ? `  (${marks.join(', ')})` : ''}`;
  });
  if (node.children.length > max) lines.push(`  ... and ${node.children.length - max} more`);
  return lines;
}

/** A copy of a raw payload without the actor's flight recorder (`--no-flight-recorder`). */
export function withoutFlightRecorder(raw: unknown): unknown {
  if (!raw || typeof raw !== 'object') return raw;
  const r = raw as Record<string, unknown>;
  const props = r.properties as Record<string, unknown> | undefined;
  const actor = props?.Actor as Record<string, unknown> | undefined;
  if (!actor || typeof actor !== 'object' || !('flight_recorder' in actor)) return raw;
  const { flight_recorder: _drop, ...rest } = actor;
  return { ...r, properties: { ...props, Actor: rest } };
}

// ---------------------------------------------------------------------------------------------
// Flight recorder
// ---------------------------------------------------------------------------------------------

/** An event's one-line summary: `message`, else `msg`, else `handler: ...`, else up to 3 k=v. */
export function eventSummary(e: RecordedEvent | undefined): string {
  if (!e) return '';
  const fields = (e.fields && typeof e.fields === 'object' ? e.fields : {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
  if (fields.message !== undefined) return str(fields.message);
  if (fields.msg !== undefined) return str(fields.msg);
  if (fields.handler !== undefined) return `handler: ${str(fields.handler)}`;
  return Object.entries(fields)
    .slice(0, 3)
    .map(([k, v]) => `${k}=${str(v)}`)
    .join(' ');
}

function levelTone(level: string): Tone {
  const l = level.toUpperCase();
  if (l === 'ERROR') return 'bad';
  if (l === 'WARN' || l === 'WARNING') return 'warn';
  if (l === 'DEBUG' || l === 'TRACE') return 'dim';
  return undefined;
}

export const FLIGHT_RECORDER_VIEW: View<RecordedEvent> = {
  columns: [
    { header: 'TIME', get: (e) => e.timestamp },
    { header: 'SEQ', get: (e) => e.seq },
    { header: 'LEVEL', get: (e) => e.level, tone: (e) => levelTone(String(e.level ?? '')) },
    { header: 'NAME', get: (e) => e.name },
    { header: 'SUMMARY', get: (e) => eventSummary(e) },
    { header: 'TARGET', get: (e) => e.target, wide: true },
    { header: 'FIELDS', get: (e) => e.fields, wide: true },
  ],
  name: (e) => `${e.seq}`,
};

// ---------------------------------------------------------------------------------------------
// Natural order
// ---------------------------------------------------------------------------------------------

function naturalKey(s: string): [string, number | undefined] {
  const m = /^(.*)\[(\d+)\]$/s.exec(s);
  return m ? [m[1], Number(m[2])] : [s, undefined];
}

function naturalKeyCompare([pa, na]: [string, number | undefined], [pb, nb]: [string, number | undefined]): number {
  if (pa !== pb) return pa < pb ? -1 : 1;
  if (na === nb) return 0;
  if (na === undefined) return -1;
  if (nb === undefined) return 1;
  return na - nb;
}

/** Natural order of references: a trailing `[N]` compares numerically, the rest as text. */
export function naturalCompare(a: string, b: string): number {
  return naturalKeyCompare(naturalKey(a), naturalKey(b));
}

/** What a child is sorted by: whether it is only an instance id, its name and its reference, in natural order. */
interface ChildKey {
  unnamed: boolean;
  name: [string, number | undefined];
  ref: [string, number | undefined];
}

/** What a child is called in the tree, from its reference alone: an actor's compact uid, else the reference. */
function childKey(ref: string): ChildKey {
  const name = compactUid(ref);
  return { unnamed: name.startsWith('<'), name: naturalKey(name), ref: naturalKey(ref) };
}

function childKeyCompare(a: ChildKey, b: ChildKey): number {
  if (a.unnamed !== b.unnamed) return a.unnamed ? 1 : -1;
  return naturalKeyCompare(a.name, b.name) || naturalKeyCompare(a.ref, b.ref);
}

/**
 * The order of siblings in the topology tree (`mesh tree` and the browser): by name in natural
 * order, names that are only an instance id (`<2MuAHeDjLCEd>`) after the named ones, and the
 * whole reference to break ties. The reference TUI compares whole references, which puts the
 * unnamed `<…>` actors first (`<` sorts before letters); operators look for names.
 */
export function childOrder(a: string, b: string): number {
  return childKeyCompare(childKey(a), childKey(b));
}

/** References sorted by `childOrder`, each one's name parsed once (a proc's hundreds of actors). */
export function sortChildren(refs: readonly string[]): string[] {
  const keyed = refs.map((ref) => ({ ref, key: childKey(ref) }));
  keyed.sort((a, b) => childKeyCompare(a.key, b.key));
  return keyed.map((k) => k.ref);
}

// ---------------------------------------------------------------------------------------------
// The topology tree
// ---------------------------------------------------------------------------------------------

/** The reference TUI shows hosts, procs, actors and supervised actors: four levels below root. */
export const MAX_TREE_DEPTH = 4;

interface Entry {
  ref: string;
  kind: NodeKind | 'unreadable';
  label: string;
  flags: NodeFlags;
  children: string[];
  /** The containment parent the payload names (an actor's is its proc). */
  parent?: string | null;
  /** A proc's stopped children. */
  stoppedChildren?: RefSet;
  poisoned?: boolean;
  /** Why it could not be read. */
  error?: string;
}

export interface TreeNode {
  reference: string;
  label: string;
  kind: NodeKind | 'unreadable';
  /** Failed itself, or something below it failed (failure propagates to ancestors). */
  failed: boolean;
  stopped: boolean;
  system: boolean;
  error?: string;
  /** The actor that also lists this one as its child (it is drawn once, under its proc). */
  supervisor?: string;
  children: TreeNode[];
}

export interface TreeOptions {
  /** Show system actors (default true). */
  system?: boolean;
  /** Show stopped actors (default true; failed ones are always shown). */
  stopped?: boolean;
  /** Levels below the root (default MAX_TREE_DEPTH). */
  maxDepth?: number;
}

/** Collects a walk (only what the tree needs, no payloads) and builds the topology tree. */
export class TopologyTree {
  private readonly entries = new Map<string, Entry>();
  private rootRef?: string;

  addNode(ref: string, node: NodePayload, listed: { system?: boolean; stopped?: boolean } = {}): void {
    this.rootRef ??= ref;
    const p = node.properties;
    this.entries.set(ref, {
      ref,
      kind: nodeKind(node),
      label: nodeLabel(node),
      flags: nodeFlags(node, listed),
      children: node.children,
      parent: node.parent,
      stoppedChildren: 'Proc' in p ? new RefSet(p.Proc.stopped_children) : undefined,
      poisoned: 'Proc' in p ? p.Proc.is_poisoned : undefined,
    });
  }

  addError(ref: string, code: string): void {
    this.rootRef ??= ref;
    this.entries.set(ref, { ref, kind: 'unreadable', label: compactUid(ref), flags: { failed: code !== 'not_found', stopped: code === 'not_found', system: false }, children: [], error: code });
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * Where each node is drawn: one parent per node. A node listed by two parents (an actor under its
   * proc and under the actor that supervises it) goes under the parent its payload names, when that
   * parent lists it too and is nearer the root; else under the first that listed it, breadth-first
   * (the shallowest). Every parent chosen is nearer the root than its child, so no node is drawn
   * twice, none inside itself, and none is lost. `supervisor`: an actor that lists a node drawn
   * elsewhere.
   */
  private homes(): { home: Map<string, string>; supervisor: Map<string, string> } {
    const root = this.rootRef!;
    const depth = new Map<string, number>([[root, 0]]);
    const first = new Map<string, string>();
    const queue = [root];
    for (let i = 0; i < queue.length; i++) {
      const ref = queue[i];
      const d = depth.get(ref)!;
      for (const c of this.entries.get(ref)?.children ?? []) {
        if (depth.has(c)) continue;
        depth.set(c, d + 1);
        first.set(c, ref);
        queue.push(c);
      }
    }
    const home = new Map<string, string>();
    const lists = new Map<string, Set<string>>();
    for (const [c, lister] of first) {
      const named = this.entries.get(c)?.parent;
      const parent = named && named !== lister ? this.entries.get(named) : undefined;
      let chosen = lister;
      if (parent && (depth.get(parent.ref) ?? Infinity) < depth.get(c)!) {
        let listed = lists.get(parent.ref);
        if (!listed) lists.set(parent.ref, (listed = new Set(parent.children)));
        if (listed.has(c)) chosen = parent.ref;
      }
      home.set(c, chosen);
    }
    const supervisor = new Map<string, string>();
    for (const ref of queue) {
      const e = this.entries.get(ref);
      if (e?.kind !== 'actor') continue;
      for (const c of e.children) {
        if (supervisor.has(c) || !home.has(c) || home.get(c) === ref) continue;
        // an actor listing one of its own ancestors is a cycle, not supervision
        let up: string | undefined = ref;
        while (up !== undefined && up !== c) up = home.get(up);
        if (up === undefined) supervisor.set(c, ref);
      }
    }
    return { home, supervisor };
  }

  /** The tree from the first node added (normally root), children in tree order, each node once. */
  build(opts: TreeOptions = {}): TreeNode | undefined {
    if (this.rootRef === undefined) return undefined;
    const maxDepth = opts.maxDepth ?? MAX_TREE_DEPTH;
    const showSystem = opts.system !== false;
    const showStopped = opts.stopped !== false;
    const { home, supervisor } = this.homes();
    const visit = (ref: string, depth: number, path: Set<string>, parent?: Entry): TreeNode | undefined => {
      const e = this.entries.get(ref);
      if (!e) return undefined; // not walked (beyond --depth)
      // Failed means the node's own data says so: a poisoned proc's stopped children are not
      // assumed failed (the reference TUI's rule), they are read.
      const failed = e.flags.failed;
      const stopped = e.flags.stopped || Boolean(parent?.stoppedChildren?.has(ref));
      const children: TreeNode[] = [];
      if (depth < maxDepth) {
        path.add(ref);
        for (const c of sortChildren(e.children)) {
          if (path.has(c)) continue; // a cycle: never draw a node inside itself
          if (home.get(c) !== ref) continue; // drawn under the parent that holds it
          const child = visit(c, depth + 1, path, e);
          if (child) children.push(child);
        }
        path.delete(ref);
      }
      const node: TreeNode = { reference: ref, label: e.label, kind: e.kind, failed: failed || children.some((c) => c.failed), stopped, system: e.flags.system, children };
      if (e.error) node.error = e.error;
      const sup = supervisor.get(ref);
      if (sup !== undefined) node.supervisor = sup;
      if (node.failed) return node;
      if (!showSystem && node.system) return undefined;
      if (!showStopped && node.stopped) return undefined;
      return node;
    };
    return visit(this.rootRef, 0, new Set());
  }
}

function styleRow(node: TreeNode, c: ChalkInstance, text: string): string {
  if (node.failed) return c.red(text);
  if (node.stopped) return c.gray(text);
  if (node.system) return c.dim(text);
  if (node.kind === 'host' || node.kind === 'proc' || node.kind === 'root') return c.bold(text);
  return text;
}

/** The text of a node's row: its label, why it could not be read, who supervises it. */
function rowText(node: TreeNode): string {
  const supervised = node.supervisor === undefined ? '' : `  (supervised by ${compactUid(node.supervisor)})`;
  if (node.kind !== 'unreadable') return node.label + supervised;
  return (node.error === 'not_found' ? `${node.label}  (gone: not_found)` : `${node.label}  (unreadable: ${node.error})`) + supervised;
}

/**
 * The tree as lines: the root's label, then its children with `├─ `/`└─ ` connectors. Failed
 * rows (and their ancestors) red, stopped grey, system dimmed. `clean` sanitises server text.
 */
export function renderTreeLines(root: TreeNode, c: ChalkInstance, clean: (s: string) => string = (s) => s): string[] {
  const lines = [styleRow(root, c, clean(rowText(root)))];
  const walkChildren = (n: TreeNode, prefix: string) => {
    n.children.forEach((child, i) => {
      const last = i === n.children.length - 1;
      lines.push(`${prefix}${last ? '└─ ' : '├─ '}${styleRow(child, c, clean(rowText(child)))}`);
      walkChildren(child, prefix + (last ? '   ' : '│  '));
    });
  };
  walkChildren(root, '');
  return lines;
}

// ---------------------------------------------------------------------------------------------
// `mesh walk` rows (streamed: fixed column widths)
// ---------------------------------------------------------------------------------------------

const W_KIND = 6;
const W_STATE = 11;
const W_NAME = 32;

function pad(s: string, w: number): string {
  return s.length >= w ? `${s} ` : s.padEnd(w);
}

export function walkHeader(c: ChalkInstance): string {
  return c.bold(`${pad('KIND', W_KIND)}${pad('STATE', W_STATE)}${pad('NAME', W_NAME)}REFERENCE`);
}

/** One walk row: kind, state, short name, reference (tone applied to the state). */
export function walkRow(node: NodePayload, ref: string, c: ChalkInstance, tone: (s: string, t: Tone) => string, clean: (s: string) => string): string {
  const state = nodeState(node);
  return `${pad(nodeKind(node), W_KIND)}${tone(pad(state, W_STATE), stateTone(state))}${pad(clean(shortName(node)), W_NAME)}${clean(ref)}`;
}

export function walkErrorRow(ref: string, code: string, tone: (s: string, t: Tone) => string, clean: (s: string) => string): string {
  const compact = compactUid(ref);
  const name = compact !== ref ? compact : ref === 'root' ? 'root' : '';
  return `${pad('?', W_KIND)}${tone(pad(code === 'not_found' ? 'gone' : 'unreadable', W_STATE), code === 'not_found' ? 'dim' : 'bad')}${pad(clean(name), W_NAME)}${clean(ref)}`;
}

// ---------------------------------------------------------------------------------------------
// Config and query
// ---------------------------------------------------------------------------------------------

export const CONFIG_VIEW: View<ConfigEntry> = {
  columns: [
    { header: 'NAME', get: (e) => e.name },
    { header: 'VALUE', get: (e) => e.value, tone: (e) => (e.changed_from_default ? 'warn' : undefined) },
    { header: 'DEFAULT', get: (e) => e.default_value ?? '' },
    { header: 'SOURCE', get: (e) => e.source, tone: (e) => (e.source === 'Default' ? 'dim' : undefined) },
    { header: 'CHANGED', get: (e) => (e.changed_from_default ? 'yes' : 'no'), wide: true },
    { header: 'ENV', get: (e) => e.env_var ?? '', wide: true },
  ],
  name: (e) => e.name,
};

/** Columns of query rows: every key (named as the engine names it), in the order first seen. */
export function queryView(rows: Array<Record<string, unknown>>): View<Record<string, unknown>> {
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const r of rows) {
    for (const k of Object.keys(r)) {
      if (!seen.has(k)) {
        seen.add(k);
        keys.push(k);
      }
    }
  }
  const columns: Column<Record<string, unknown>>[] = keys.map((k) => ({ header: k, get: (r) => r[k] }));
  return { columns, name: (r) => String(r[keys[0]] ?? '') };
}
