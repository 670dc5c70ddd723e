/**
 * The one place meshscope reads admin reference strings. References are opaque: they are sent and
 * shown byte for byte, what a node *is* comes from its payload's properties variant, and nothing
 * is ever refused, skipped or failed for a reference's form. Reading is only for people and for
 * the reference TUI's rules that depend on it:
 *
 *  - display: an actor's compact uid and name (tree rows, labels, the diagnose notes);
 *  - identity: the equality behind the `system_children` membership tests;
 *  - whether a reference is in a grammar meshscope knows (diagnose reports those it does not).
 *
 * Two grammars are known, and for them every recipe is the reference TUI's:
 *  - the current one: `root`, `host:` + actor address, `proc-id@location`,
 *    `actor-uid.proc-id@location`, with `uid := label | <base58> | label<base58>` and
 *    `location := (uid ".")* scheme://...`;
 *  - the legacy comma form of older servers (`unix:@hash,proc`, `unix:@hash,proc,actor[0]`,
 *    `host:unix:@hash,service,host_agent[0]`); compact uid of a legacy actor = the text after the
 *    last comma, as the TUI of that era had it.
 *
 * Any other string is a reference in a form meshscope does not know (a newer or another server's
 * grammar). It is read by plain string rules: the id is the text before the first `@` (the whole
 * string when there is none); when the id holds a `.`, the text before it is the actor's compact
 * uid, and that cut at its first `<` is the name (`?` when empty); otherwise the reference stays
 * whole. Identity is the string itself.
 */
import { count } from '../../output/units.js';
import type { NodePayload, NodeProperties } from './models.js';
import { nodeVariant } from './payloads.js';

export type NodeKind = 'root' | 'host' | 'proc' | 'actor' | 'error';

/** What a node is, from its payload's properties variant (never from its reference). */
export function nodeKind(node: NodePayload | NodeProperties): NodeKind {
  const props = 'properties' in node && 'identity' in node ? (node as NodePayload).properties : (node as NodeProperties);
  return nodeVariant(props).toLowerCase() as NodeKind;
}

// ---------------------------------------------------------------------------------------------
// The known grammars
// ---------------------------------------------------------------------------------------------

export type RefKind = 'root' | 'host' | 'proc' | 'actor';

export interface ParsedRef {
  kind: RefKind;
  legacy: boolean;
  /** For actors: the compact uid (`philosopher<2MuAHeDjLCEd>`, `host_agent`, legacy `agent[0]`). */
  compact?: string;
}

const LABEL = '[a-z](?:[a-z0-9_-]{0,61}[a-z0-9])?';
const B58 = '[1-9A-HJ-NP-Za-km-z]+';
const UID = new RegExp(`^(?:${LABEL}|<${B58}>|${LABEL}<${B58}>)$`);
const SCHEME = /^[a-z][a-z0-9+-]*$/;
const LABELLED_UID = new RegExp(`${LABEL}<(${B58})>`, 'g');
const LEGACY_ACTOR = /\[\d+\]$/;

function isUid(s: string): boolean {
  return UID.test(s);
}

/** `(uid ".")* scheme://rest` */
function isLocation(loc: string): boolean {
  const i = loc.indexOf('://');
  if (i < 0 || i + 3 >= loc.length) return false;
  const pre = loc.slice(0, i);
  const dot = pre.lastIndexOf('.');
  const scheme = pre.slice(dot + 1);
  if (!SCHEME.test(scheme)) return false;
  if (dot < 0) return true;
  return pre
    .slice(0, dot)
    .split('.')
    .every((u) => isUid(u));
}

/** A proc or actor address in the current grammar. */
function parseAddr(s: string): ParsedRef | undefined {
  const at = s.indexOf('@');
  if (at <= 0) return undefined;
  const id = s.slice(0, at);
  if (!isLocation(s.slice(at + 1))) return undefined;
  const dot = id.indexOf('.');
  if (dot < 0) return isUid(id) ? { kind: 'proc', legacy: false } : undefined;
  const actorPart = id.slice(0, dot);
  const procId = id.slice(dot + 1);
  if (!isUid(actorPart) || !isUid(procId)) return undefined;
  return { kind: 'actor', legacy: false, compact: actorPart };
}

/** The legacy comma form: `{channel addr},{proc}` or `{channel addr},{proc},{actor}[{pid}]`. */
function parseLegacy(s: string): ParsedRef | undefined {
  if (s.includes('://')) return undefined;
  const comma = s.indexOf(',');
  if (comma <= 0 || !/^[a-z][a-z0-9]*:./.test(s.slice(0, comma))) return undefined;
  const last = s.slice(s.lastIndexOf(',') + 1);
  if (last === '') return undefined;
  if (LEGACY_ACTOR.test(last) && s.indexOf(',') !== s.lastIndexOf(',')) return { kind: 'actor', legacy: true, compact: last };
  return { kind: 'proc', legacy: true };
}

/** Recently parsed references: a proc's children are read again when each one is probed. */
const CACHE = new Map<string, ParsedRef | null>();
const CACHE_MAX = 50_000;

/** A reference in a grammar meshscope knows; undefined for any other string (never an error). */
export function parseRef(s: string): ParsedRef | undefined {
  const hit = CACHE.get(s);
  if (hit !== undefined) return hit ?? undefined;
  const parsed = parseRefUncached(s);
  if (CACHE.size >= CACHE_MAX) CACHE.clear();
  CACHE.set(s, parsed ?? null);
  return parsed;
}

function parseRefUncached(s: string): ParsedRef | undefined {
  if (s === 'root') return { kind: 'root', legacy: false };
  if (s.startsWith('host:')) {
    const inner = s.slice(5);
    const a = parseAddr(inner) ?? parseLegacy(inner);
    return a?.kind === 'actor' ? { kind: 'host', legacy: a.legacy } : undefined;
  }
  return parseAddr(s) ?? parseLegacy(s);
}

/** Whether a reference is in the current or the legacy grammar. */
export function isKnownRef(s: string): boolean {
  return parseRef(s) !== undefined;
}

// ---------------------------------------------------------------------------------------------
// Identity
// ---------------------------------------------------------------------------------------------

/**
 * The identity used for membership tests (`system_children`, `stopped_children`). In the known
 * grammars only the base58 part of an instance uid counts (`worker<X>` equals `<X>`), as in the
 * reference TUI; any other reference is itself.
 */
export function refIdentity(s: string): string {
  // a child is asked of its parent's system_children and then of its stopped_children
  if (s === lastIdentity.ref) return lastIdentity.id;
  const i = s.indexOf('://');
  const id = i < 0 || s.indexOf('<') < 0 || !isKnownRef(s) ? s : s.slice(0, i).replace(LABELLED_UID, '<$1>') + s.slice(i);
  lastIdentity.ref = s;
  lastIdentity.id = id;
  return id;
}

const lastIdentity = { ref: '', id: '' };

/**
 * A list of references for membership tests by identity (a proc's `system_children` and
 * `stopped_children`, a host's `system_children`): what the diagnose walk, `mesh walk`, `mesh tree`
 * and the browser all ask of those lists.
 */
export class RefSet {
  private readonly ids: Set<string>;

  constructor(refs: Iterable<string> | null | undefined = []) {
    this.ids = new Set();
    for (const r of refs ?? []) this.ids.add(refIdentity(r));
  }

  get size(): number {
    return this.ids.size;
  }

  has(ref: string): boolean {
    return this.ids.size > 0 && this.ids.has(refIdentity(ref));
  }
}

// ---------------------------------------------------------------------------------------------
// Display: compact uid and name
// ---------------------------------------------------------------------------------------------

/** The string recipe's compact uid of a reference in no known grammar; undefined: keep it whole. */
function stringCompact(ref: string): string | undefined {
  if (ref === 'root' || ref.startsWith('host:')) return undefined;
  const at = ref.indexOf('@');
  const id = at < 0 ? ref : ref.slice(0, at);
  const dot = id.indexOf('.');
  return dot > 0 ? id.slice(0, dot) : undefined;
}

/**
 * The compact uid of an actor reference: `philosopher<2MuAHeDjLCEd>` for
 * `philosopher<2MuAHeDjLCEd>.philosophers<abc>@tcp://[::1]:2345`, `host_agent` for a singleton, the
 * legacy form's last comma segment (`agent[0]`); in no known grammar, the string recipe
 * (`trainer<0a0B>` for `trainer<0a0B>.data loader<Il0>@tcp://…`). Any other reference is
 * returned whole (a host reference is never compacted).
 */
export function compactUid(ref: string): string {
  const p = parseRef(ref);
  if (p) return p.kind === 'actor' && p.compact !== undefined ? p.compact : ref;
  return stringCompact(ref) ?? ref;
}

/**
 * The name of an actor reference, which the diagnose notes test with `starts_with`: the compact
 * uid without its instance (`philosopher`), `?` for an unlabelled instance, the legacy segment
 * without `[pid]`. Undefined when the reference is not an actor's (in no known grammar: when the
 * string recipe finds no actor part).
 */
export function actorName(ref: string): string | undefined {
  const p = parseRef(ref);
  let uid: string | undefined;
  if (p) {
    if (p.kind !== 'actor' || p.compact === undefined) return undefined;
    if (p.legacy) return p.compact.replace(LEGACY_ACTOR, '') || '?';
    uid = p.compact;
  } else {
    uid = stringCompact(ref);
    if (uid === undefined) return undefined;
  }
  return uid.split('<')[0] || '?';
}

/** A proc's short name for display: its proc_name unless that is itself a proc address. */
export function procShortName(procName: string): string {
  const p = parseRef(procName);
  if (p?.kind !== 'proc' || p.legacy) return procName;
  const id = procName.slice(0, procName.indexOf('@'));
  return id.split('<')[0] || id;
}

// ---------------------------------------------------------------------------------------------
// Paths and labels
// ---------------------------------------------------------------------------------------------

/** A reference as one URL path segment (every reserved character percent-encoded). */
export function encodeRef(ref: string): string {
  return encodeURIComponent(ref);
}

/**
 * Percent-encode a reference as one path segment the way the reference TUI does (urlencoding):
 * every byte except `A-Z a-z 0-9 - _ . ~`, upper-case hex.
 */
export function encodeRefSegment(ref: string): string {
  return encodeURIComponent(ref).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * The one-line label of a node, as the reference TUI draws tree rows:
 * `Mesh Root (N hosts)`, `{addr}  (N procs)`, `{short}  (T actors: S system, U user, K stopped)`
 * (+ `  [POISONED: N failed]`), an actor's compact uid, `[error] code: message`. Counts of one
 * are singular (`1 host`, `1 proc`, `1 actor`), where the reference TUI writes `1 hosts`.
 */
export function nodeLabel(node: NodePayload): string {
  const p = node.properties;
  if ('Root' in p) return `Mesh Root (${count(p.Root.num_hosts, 'host')})`;
  if ('Host' in p) return `${p.Host.addr}  (${count(p.Host.num_procs, 'proc')})`;
  if ('Proc' in p) {
    const pr = p.Proc;
    const sys = pr.system_children.length;
    const stp = pr.stopped_children.length;
    const usr = Math.max(pr.num_actors - sys, 0);
    const tot = pr.num_actors + stp;
    const parts: string[] = [];
    if (sys > 0) parts.push(`${sys} system`);
    if (usr > 0) parts.push(`${usr} user`);
    if (stp > 0) parts.push(pr.stopped_retention_cap > 0 && stp >= pr.stopped_retention_cap ? `${stp} stopped (max retained)` : `${stp} stopped`);
    let label = parts.length ? `${procShortName(pr.proc_name)}  (${count(tot, 'actor')}: ${parts.join(', ')})` : `${procShortName(pr.proc_name)}  (${count(tot, 'actor')})`;
    if (pr.is_poisoned) label += `  [POISONED: ${pr.failed_actor_count} failed]`;
    return label;
  }
  if ('Actor' in p) return compactUid(node.identity);
  const e = (p as { Error: { code: string; message: string } }).Error;
  return `[error] ${e.code}: ${e.message}`;
}

// ---------------------------------------------------------------------------------------------
// References a payload carries
// ---------------------------------------------------------------------------------------------

/**
 * Every reference a payload carries, in the order the reference TUI converts them: identity,
 * those in the properties (system and stopped children, a failure's root cause), children, parent.
 */
export function payloadRefs(payload: NodePayload): string[] {
  const out = [payload.identity];
  const p = payload.properties;
  if ('Root' in p) out.push(...p.Root.system_children);
  else if ('Host' in p) out.push(...p.Host.system_children);
  else if ('Proc' in p) out.push(...p.Proc.system_children, ...p.Proc.stopped_children);
  else if ('Actor' in p && p.Actor.failure_info) out.push(p.Actor.failure_info.root_cause_actor);
  out.push(...payload.children);
  if (payload.parent != null) out.push(payload.parent);
  return out;
}

/** The references of a payload in no grammar meshscope knows, each once, in payload order. */
export function unknownRefs(payload: NodePayload): string[] {
  const seen = new Set<string>();
  for (const r of payloadRefs(payload)) if (!seen.has(r) && !isKnownRef(r)) seen.add(r);
  return [...seen];
}
