/**
 * The topology tree of the browser, as rows: built from the cache of fetched node payloads and the
 * set of expanded rows, with the reference admin TUI's rules — children in natural order (the order
 * of `mesh tree`: named before unnamed), system and stopped actors hidden unless asked for (failed
 * ones always shown), failure propagated to ancestors, children of procs and actors shown as
 * placeholders until fetched, a depth cap and a path-based cycle check (an actor may appear under
 * its proc and under its supervisor).
 *
 * Failed means the node's own data says so (an actor's failure_info or `failed:` status, a proc's
 * is_poisoned, a node that cannot be fetched): the stopped actors of a poisoned proc are not
 * assumed failed. Until they are fetched they stay visible (one of them may be the failure).
 *
 * Pure: no I/O, no Ink. Rows are keyed by depth and reference, like the reference tool, so one
 * actor shown twice keeps two independent expansion states.
 */
import type { NodePayload } from '../backends/admin/models.js';
import { compactUid, nodeKind, nodeLabel, procShortName, RefSet, type NodeKind } from '../backends/admin/refs.js';
import { childOrder, nodeFlags, sortChildren } from '../backends/admin/render.js';
import { clean } from './format.js';

/** Root (0) → host (1) → proc (2) → actor (3) → child actor (4). */
export const MAX_DEPTH = 5;

export interface CacheEntry {
  /** The last payload fetched (kept while a refetch fails, so the tree does not flicker). */
  payload?: NodePayload;
  /** The refresh generation that fetched `payload`. */
  gen: number;
  /** The last fetch error, cleared by the next success. */
  error?: string;
  /** Wall-clock time of the last completed fetch, ms. */
  at?: number;
}

export type Cache = ReadonlyMap<string, CacheEntry>;

export interface Row {
  /** `${depth}:${ref}`: one row of the tree. */
  key: string;
  ref: string;
  depth: number;
  kind: NodeKind;
  /** The whole label: name, marker, detail (what search looks through). */
  label: string;
  /** The node's name (`trainers`, `learner<uid>`, `tcp:10.0.0.1:26600`). */
  name: string;
  /** What is wrong with it, never cut on screen: `[POISONED: 2 failed]`, `[FAILED]`, `[HTTP 504]`. */
  marker?: string;
  /** The rest, cut first when the row is narrow: counts, a fetch error. */
  detail?: string;
  /** Its own payload is cached (not a placeholder derived from its parent). */
  fetched: boolean;
  hasChildren: boolean;
  expanded: boolean;
  /** Last of its visible siblings (`└─`). */
  last: boolean;
  system: boolean;
  stopped: boolean;
  /** Failed itself, or a failure below it (propagated), or its fetch failed. */
  failed: boolean;
  /** Failed itself (a failed actor, a poisoned proc, a node that cannot be fetched). */
  selfFailed: boolean;
  /** An actor whose own data says failed (what `f` lands on). */
  failedActor: boolean;
  /** The fetch error of a node that has no payload to show. */
  error?: string;
  /** Index of the parent row (-1 for the root). */
  parent: number;
}

export interface BuildInput {
  cache: Cache;
  expanded: ReadonlySet<string>;
  showSystem: boolean;
  showStopped: boolean;
  /** Treat every node whose payload is cached as expanded (search and `f` look at everything loaded). */
  expandAllLoaded?: boolean;
  /** The store's memo of each node's children (see `ChildrenMemo`). */
  memo?: ChildrenMemo;
}

// Row keys are interned: the same string object for the same row across rebuilds, so building
// and probing maps of 10,000 keys does not hash long strings again and again.
const keyCache: Array<Map<string, string>> = [];

export function rowKey(ref: string, depth: number): string {
  let m = keyCache[depth];
  if (!m) m = keyCache[depth] = new Map();
  let k = m.get(ref);
  if (k === undefined) {
    if (m.size > 200_000) m.clear();
    k = `${depth}:${ref}`;
    m.set(ref, k);
  }
  return k;
}

export const ROOT_KEY = rowKey('root', 0);

// ---------------------------------------------------------------------------------------------
// Classification (the admin renderer's node flags) and natural order (its natural compare)
// ---------------------------------------------------------------------------------------------

/** An actor that stopped or failed. */
export function isStoppedPayload(p: NodePayload): boolean {
  return 'Actor' in p.properties && nodeFlags(p).stopped;
}

/** An actor that failed, or a poisoned proc. */
export function isFailedPayload(p: NodePayload): boolean {
  return nodeFlags(p).failed;
}

/** Only actors are system (procs are always shown). */
export function isSystemPayload(p: NodePayload): boolean {
  const props = p.properties;
  return 'Actor' in props && props.Actor.is_system;
}

/** The order of `mesh tree`: by name (`worker[2]` before `worker[10]`), unnamed `<…>` actors last. */
export const naturalRefCmp = childOrder;

// Per-payload memos: payloads are immutable once cached, so these never go stale.
const sortedMemo = new WeakMap<NodePayload, string[]>();
const setsMemo = new WeakMap<NodePayload, { sys: RefSet; stp: RefSet; poisoned: boolean }>();
const labelMemo = new WeakMap<NodePayload, LabelParts>();

export function sortedChildren(p: NodePayload): string[] {
  let s = sortedMemo.get(p);
  if (!s) {
    s = sortChildren(p.children);
    sortedMemo.set(p, s);
  }
  return s;
}

/** A node's children in natural order, each with whether its parent lists it as system or stopped. */
interface Children {
  refs: string[];
  sys: boolean[];
  stp: boolean[];
}

const childrenMemo = new WeakMap<NodePayload, Children>();

function children(p: NodePayload, memo?: ChildrenMemo): Children {
  let c = childrenMemo.get(p);
  if (!c) {
    c = memo?.reuse(p);
    if (!c) {
      const sets = childSets(p);
      const refs = sortedChildren(p);
      c = { refs, sys: refs.map((r) => sets.sys.has(r)), stp: refs.map((r) => sets.stp.has(r)) };
    }
    childrenMemo.set(p, c);
    memo?.keep(p, c);
  }
  return c;
}

/**
 * One store's memo of each node's children as last computed (by the node's identity): a refresh
 * fetches every open node again, and a node whose children and system and stopped lists are the
 * same keeps its sorted children, so the next rebuild of the tree (s, c, an expansion) sorts and
 * parses nothing it already did.
 */
export class ChildrenMemo {
  private readonly last = new Map<string, { p: NodePayload; c: Children }>();

  reuse(p: NodePayload): Children | undefined {
    const m = this.last.get(p.identity);
    return m && sameShape(m.p, p) ? m.c : undefined;
  }

  keep(p: NodePayload, c: Children): void {
    if (this.last.size > 100_000) this.last.clear();
    this.last.set(p.identity, { p, c });
  }
}

function childSets(p: NodePayload): { sys: RefSet; stp: RefSet; poisoned: boolean } {
  let s = setsMemo.get(p);
  if (!s) {
    const props = p.properties;
    const sys = 'Root' in props ? props.Root.system_children : 'Host' in props ? props.Host.system_children : 'Proc' in props ? props.Proc.system_children : [];
    const stp = 'Proc' in props ? props.Proc.stopped_children : [];
    s = { sys: new RefSet(sys), stp: new RefSet(stp), poisoned: 'Proc' in props && props.Proc.is_poisoned };
    setsMemo.set(p, s);
  }
  return s;
}

export interface LabelParts {
  name: string;
  marker?: string;
  detail?: string;
}

const POISON_SUFFIX = /\s+(\[POISONED: \d+ failed\])$/;

/** A label from its parts: the name, then the marker, then the detail. */
export function joinLabel(p: LabelParts): string {
  return [p.name, p.marker, p.detail].filter(Boolean).join('  ');
}

/**
 * The parts of a fetched node's tree label (sanitised): the reference labels (`mesh tree`'s), with
 * a proc's `[POISONED: N failed]` moved before its counts and `[FAILED]` after a failed actor.
 */
export function payloadParts(p: NodePayload): LabelParts {
  let l = labelMemo.get(p);
  if (l === undefined) {
    const label = clean(nodeLabel(p));
    const props = p.properties;
    if ('Proc' in props || 'Host' in props) {
      const m = POISON_SUFFIX.exec(label);
      const rest = m ? label.slice(0, m.index) : label;
      const cut = rest.indexOf('  (');
      l = cut > 0 ? { name: rest.slice(0, cut), marker: m?.[1], detail: rest.slice(cut + 2) } : { name: rest, marker: m?.[1] };
    } else if ('Actor' in props && isFailedPayload(p)) l = { name: label, marker: '[FAILED]' };
    else l = { name: label };
    labelMemo.set(p, l);
  }
  return l;
}

/** The tree label of a fetched node (sanitised). */
export function payloadLabel(p: NodePayload): string {
  return joinLabel(payloadParts(p));
}

/** The short marker of a fetch error: `[HTTP 504]`, `[unreachable]`. */
export function errorMarker(error: string): string {
  const m = /HTTP (\d{3})/.exec(error);
  return m ? `[HTTP ${m[1]}]` : '[unreachable]';
}

/**
 * The label of a node known only by its reference: an actor's compact uid, a host's location
 * (`host tcp://10.0.0.3:26600`, until its payload gives the address), else the reference.
 */
const refLabelMemo = new Map<string, string>();

export function refLabel(ref: string): string {
  let l = refLabelMemo.get(ref);
  if (l === undefined) {
    if (refLabelMemo.size > 200_000) refLabelMemo.clear();
    l = computeRefLabel(ref);
    refLabelMemo.set(ref, l);
  }
  return l;
}

/** The label of a proc known only by its reference: its short name (`trainers`), as once fetched. */
export function procRefLabel(ref: string): string {
  return clean(procShortName(ref));
}

function computeRefLabel(ref: string): string {
  if (ref.startsWith('host:')) {
    const at = ref.indexOf('@');
    const loc = at > 0 ? ref.slice(at + 1) : '';
    return clean(loc.includes('://') ? `host ${loc}` : ref);
  }
  return clean(compactUid(ref));
}

// ---------------------------------------------------------------------------------------------
// Building the rows
// ---------------------------------------------------------------------------------------------

interface Hint {
  kind: NodeKind;
  system: boolean;
  stopped: boolean;
  /** Unused: a child's failure is read from its own payload. */
  failed: boolean;
}

function childKind(parent: NodeKind): NodeKind {
  if (parent === 'root') return 'host';
  if (parent === 'host') return 'proc';
  return 'actor';
}

/** Whether a cached descendant of a collapsed node failed (carries failure up without fetching). */
function makeFailedBelow(cache: Cache): (ref: string, depth: number, seen: Set<string>) => boolean {
  const memo = new Map<string, boolean>();
  const failedBelow = (ref: string, depth: number, seen: Set<string>): boolean => {
    const memoKey = rowKey(ref, depth);
    const known = memo.get(memoKey);
    if (known !== undefined) return known;
    const p = cache.get(ref)?.payload;
    let result = false;
    if (p && depth < MAX_DEPTH - 1) {
      seen.add(ref);
      for (const c of p.children) {
        if (seen.has(c)) continue;
        const cp = cache.get(c)?.payload;
        if (cp && (isFailedPayload(cp) || failedBelow(c, depth + 1, seen))) {
          result = true;
          break;
        }
      }
      seen.delete(ref);
    }
    memo.set(memoKey, result);
    return result;
  };
  return failedBelow;
}

export function buildRows(input: BuildInput): Row[] {
  const { cache, expanded, showSystem, showStopped } = input;
  const rows: Row[] = [];
  const root = cache.get('root')?.payload;
  if (!root) return rows;
  const path: string[] = [];
  const failedBelow = makeFailedBelow(cache);

  const visit = (ref: string, depth: number, parent: number, last: boolean, hint: Hint): boolean => {
    const entry = cache.get(ref);
    const p = entry?.payload;
    const key = rowKey(ref, depth);
    const canExpand = depth < MAX_DEPTH - 1;
    const hasChildren = canExpand && (p ? p.children.length > 0 : hint.kind === 'actor' || hint.kind === 'host' || hint.kind === 'proc');
    const isExpanded = hasChildren && (depth === 0 ? expanded.has(key) : expanded.has(key) || Boolean(input.expandAllLoaded && p));
    const parts: LabelParts = p ? payloadParts(p) : { name: hint.kind === 'proc' ? procRefLabel(ref) : refLabel(ref) };
    const error = p ? undefined : entry?.error;
    const row: Row = {
      key,
      ref,
      depth,
      kind: p ? nodeKind(p) : hint.kind,
      label: '',
      name: parts.name,
      marker: error ? errorMarker(error) : parts.marker,
      detail: error ? clean(error) : parts.detail,
      fetched: Boolean(p),
      hasChildren,
      expanded: isExpanded,
      last,
      system: hint.system || (p ? isSystemPayload(p) : false),
      stopped: hint.stopped || (p ? isStoppedPayload(p) : false),
      failed: p ? isFailedPayload(p) : false,
      selfFailed: false,
      failedActor: Boolean(p && 'Actor' in p.properties && isFailedPayload(p)),
      error,
      parent,
    };
    row.label = p && !error ? payloadLabel(p) : joinLabel({ name: parts.name });
    if (row.error) row.failed = true;
    row.selfFailed = row.failed;
    const index = rows.length;
    rows.push(row);
    if (!p) return row.failed;
    if (!isExpanded) {
      if (!row.failed && canExpand) row.failed = failedBelow(ref, depth, new Set(path));
      return row.failed;
    }

    path.push(ref);
    const poisoned = childSets(p).poisoned;
    const all = children(p, input.memo);
    const kind = childKind(row.kind);
    const kids: Array<[string, Hint]> = [];
    for (let i = 0; i < all.refs.length; i++) {
      const c = all.refs[i];
      if (path.includes(c)) continue; // a true cycle
      const cp = cache.get(c)?.payload;
      const system = all.sys[i] || (cp ? isSystemPayload(cp) : false);
      if (!showSystem && system) continue;
      const stopped = all.stp[i] || (cp ? isStoppedPayload(cp) : false);
      const failed = cp ? isFailedPayload(cp) : false;
      // Failed nodes are always visible; a stopped child of a poisoned proc may be the failure
      // until it is fetched.
      if (!showStopped && stopped && !failed && !(poisoned && !cp)) continue;
      kids.push([c, { kind, system: all.sys[i], stopped: all.stp[i], failed: false }]);
    }
    let anyFailed = false;
    for (let i = 0; i < kids.length; i++) {
      if (visit(kids[i][0], depth + 1, index, i === kids.length - 1, kids[i][1])) anyFailed = true;
    }
    path.pop();
    if (anyFailed) row.failed = true;
    return row.failed;
  };

  visit('root', 0, -1, true, { kind: 'root', system: false, stopped: false, failed: false });
  return rows;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Whether two payloads of one node give its subtree the same shape (children, system, stopped, poisoned). */
function sameShape(a: NodePayload, b: NodePayload): boolean {
  if (!sameList(a.children, b.children)) return false;
  const pa = a.properties;
  const pb = b.properties;
  const lists = (p: NodePayload['properties']): [readonly string[], readonly string[], boolean] =>
    'Root' in p ? [p.Root.system_children, [], false] : 'Host' in p ? [p.Host.system_children, [], false] : 'Proc' in p ? [p.Proc.system_children, p.Proc.stopped_children, p.Proc.is_poisoned] : [[], [], false];
  const [sa, ta, xa] = lists(pa);
  const [sb, tb, xb] = lists(pb);
  return xa === xb && sameList(sa, sb) && sameList(ta, tb);
}

/**
 * The rows after some nodes were fetched again, without rebuilding the tree when that is safe: the
 * changed nodes keep their shape (same children, same system and stopped lists) and their failure,
 * and stay visible. Then only their own rows change (labels, colours). Otherwise undefined: the
 * caller rebuilds. This keeps a refresh of a 10,000-row tree, or a details fetch, cheap.
 */
export function patchRows(rows: readonly Row[], input: BuildInput, prevCache: Cache, changed: ReadonlySet<string>, where?: (ref: string) => readonly number[] | undefined): Row[] | undefined {
  const { cache, expanded, showSystem, showStopped } = input;
  // Anything that may move a failure up (or down) the tree asks for a rebuild.
  for (const ref of changed) {
    const now = cache.get(ref);
    const before = prevCache.get(ref);
    const p = now?.payload;
    const old = before?.payload;
    if (!p) {
      if (old || (before?.error === undefined) !== (now?.error === undefined)) return undefined;
      continue;
    }
    if (old) {
      if (isFailedPayload(old) !== isFailedPayload(p) || !sameShape(old, p)) return undefined;
    } else if (isFailedPayload(p) || p.children.some((c) => cache.has(c))) return undefined;
    if (ref === 'root' && !old) return undefined;
  }
  let failedBelow: ReturnType<typeof makeFailedBelow> | undefined;
  let out: Row[] | undefined;
  // the rows of the changed nodes: looked up when the caller knows where they are, else found
  let at: number[];
  if (where) {
    at = [];
    for (const ref of changed) at.push(...(where(ref) ?? []));
  } else at = rows.flatMap((r, i) => (changed.has(r.ref) ? [i] : []));
  for (const i of at) {
    const r = rows[i];
    const entry = cache.get(r.ref);
    const p = entry?.payload;
    if (!p) {
      if (r.fetched || r.error !== entry?.error) return undefined;
      continue;
    }
    const parentRow = r.parent >= 0 ? rows[r.parent] : undefined;
    const pp = parentRow ? cache.get(parentRow.ref)?.payload : undefined;
    if (parentRow && !pp) return undefined;
    const sets = pp ? childSets(pp) : undefined;
    const hSystem = sets ? sets.sys.has(r.ref) : false;
    const hStopped = sets ? sets.stp.has(r.ref) : false;
    const system = hSystem || isSystemPayload(p);
    const stopped = hStopped || isStoppedPayload(p);
    if (parentRow) {
      if (!showSystem && system) return undefined;
      if (!showStopped && stopped && !isFailedPayload(p)) return undefined;
    }
    const canExpand = r.depth < MAX_DEPTH - 1;
    const hasChildren = canExpand && p.children.length > 0;
    const isExpanded = hasChildren && (expanded.has(r.key) || Boolean(input.expandAllLoaded && r.depth > 0));
    if (isExpanded !== r.expanded) return undefined;
    const selfFailed = isFailedPayload(p);
    if (selfFailed !== r.selfFailed) return undefined;
    let failed = r.failed;
    if (!isExpanded) {
      failedBelow ??= makeFailedBelow(cache);
      const path = new Set<string>();
      for (let a = r.parent; a >= 0; a = rows[a].parent) path.add(rows[a].ref);
      failed = selfFailed || (canExpand && failedBelow(r.ref, r.depth, path));
      if (failed !== r.failed) return undefined;
    }
    out ??= rows.slice();
    const parts = payloadParts(p);
    out[i] = {
      ...r,
      kind: nodeKind(p),
      label: payloadLabel(p),
      name: parts.name,
      marker: parts.marker,
      detail: parts.detail,
      fetched: true,
      hasChildren,
      system,
      stopped,
      failed,
      selfFailed,
      failedActor: 'Actor' in p.properties && selfFailed,
      error: undefined,
    };
  }
  return out ?? (rows as Row[]);
}

/** The row text before the label: caret, indent, connector and fold, as the reference tool draws it. */
export function rowPrefix(row: Row, selected: boolean): string {
  const caret = selected ? '▸ ' : '  ';
  const indent = '  '.repeat(row.depth);
  const connector = row.depth === 0 ? '' : row.last ? '└─ ' : '├─ ';
  const fold = row.expanded ? '▼ ' : row.hasChildren ? '▶ ' : '  ';
  return caret + indent + connector + fold;
}

/** Indexes of a row's ancestors, nearest first. */
export function ancestorsOf(rows: readonly Row[], index: number): number[] {
  const out: number[] = [];
  let i = rows[index]?.parent ?? -1;
  while (i >= 0) {
    out.push(i);
    i = rows[i].parent;
  }
  return out;
}

/** The proc a row belongs to for py-spy and config: the proc itself, or an actor's parent proc. */
export function procOf(row: Row | undefined, cache: Cache): string | undefined {
  if (!row) return undefined;
  if (row.kind === 'proc') return row.ref;
  if (row.kind !== 'actor') return undefined;
  const parent = cache.get(row.ref)?.payload?.parent;
  return parent ?? undefined;
}
