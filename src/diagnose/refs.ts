/**
 * Reference strings as the admin TUI's diagnose walk reads them: which kind a reference is, the
 * compact uid and the name its labels and notes come from, and the identity used for the
 * `system_children` membership tests. References are still round-tripped byte for byte; these
 * helpers only read them.
 *
 * Two grammars are understood:
 *  - the current one: `root`, `host:` + actor address, `proc-id@location`,
 *    `actor-uid.proc-id@location`, with `uid := label | <base58> | label<base58>` and
 *    `location := (uid ".")* scheme://...`;
 *  - the legacy comma form of older servers (`unix:@hash,proc`, `unix:@hash,proc,actor[0]`,
 *    `host:unix:@hash,service,host_agent[0]`). The reference TUI at HEAD cannot parse it (its
 *    payloads fail conversion); meshscope walks it as the TUI of that era did, because the design
 *    promises both forms. Compact uid of a legacy actor = the text after the last comma.
 */
import type { Note } from './types.js';

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

const LEGACY_ACTOR = /\[\d+\]$/;

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

/** Recently parsed references: a proc's children are parsed again when each one is probed. */
const CACHE = new Map<string, ParsedRef | null>();
const CACHE_MAX = 50_000;

/** Parse a node reference; undefined when it is none of root, host, proc or actor. */
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

export function isActorRef(s: string): boolean {
  return parseRef(s)?.kind === 'actor';
}

/**
 * The identity used for membership tests. For instance uids only the base58 part counts
 * (`worker<X>` equals `<X>`), as in the reference TUI; everything else compares as text.
 */
export function refIdentity(s: string): string {
  const i = s.indexOf('://');
  if (i < 0 || s.indexOf('<') < 0) return s;
  return s.slice(0, i).replace(LABELLED_UID, '<$1>') + s.slice(i);
}

/** The compact uid of an actor reference (`philosopher<2MuAHeDjLCEd>`); any other reference whole. */
export function compactOrFull(s: string): string {
  const p = parseRef(s);
  return p?.kind === 'actor' && p.compact !== undefined ? p.compact : s;
}

/**
 * The actor name the notes test with `starts_with`: the actor part cut at its first `<`, `?` for an
 * unlabelled instance. Legacy: the last comma segment, as the TUI of that era tested it.
 */
export function actorNameForNote(s: string): string | undefined {
  const p = parseRef(s);
  if (p?.kind !== 'actor' || p.compact === undefined) return undefined;
  if (p.legacy) return p.compact;
  const name = p.compact.split('<')[0];
  return name === '' ? '?' : name;
}

/** Note of every child actor of an AdminInfra proc (Pass A), from the child reference. */
export function adminActorRole(ref: string): Note | null {
  const name = actorNameForNote(ref);
  if (name === undefined) return null;
  if (name.startsWith('mesh_admin_bridge')) return 'RootClientBridge';
  if (name.startsWith('mesh_admin')) return 'IntrospectionHandler';
  if (name.startsWith('host_agent')) return 'ActorLifecycleManager';
  return null;
}

/** Note of a system actor of a Mesh proc (Pass B), from the child reference. */
export function meshActorRole(ref: string): Note | null {
  const name = actorNameForNote(ref);
  if (name === undefined) return null;
  if (name.startsWith('cast')) return 'CastActor';
  if (name.startsWith('proc_agent')) return 'ProcAgent';
  return null;
}

/** Note of an AdminInfra proc (Pass A), from the fetched payload's `proc_name`. */
export function procRole(procName: string): Note {
  return procName === 'local' ? 'LocalClientProc' : 'AdminServiceProc';
}

/** Rust's `{:?}` of a string: double quotes, backslash escapes, control characters as `\u{..}`. */
export function debugQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (cp === 0) out += '\\0';
    else if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) out += `\\u{${cp.toString(16)}}`;
    else out += ch;
  }
  return out + '"';
}

/**
 * Percent-encode a reference as one path segment the way the reference TUI does (urlencoding):
 * every byte except `A-Z a-z 0-9 - _ . ~`, upper-case hex.
 */
export function encodeRefSegment(ref: string): string {
  return encodeURIComponent(ref).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
