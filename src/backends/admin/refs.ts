/**
 * Small helpers over admin reference strings. References are opaque: what a node *is* comes from
 * its payload's properties variant, never from the string. Only display helpers look inside a
 * reference, and only to shorten it for people (the label rules of the reference TUI).
 */
import { count } from '../../output/units.js';
import { nodeVariant, type NodePayload, type NodeProperties } from './models.js';

export type NodeKind = 'root' | 'host' | 'proc' | 'actor' | 'error';

/** What a node is, from its payload's properties variant. */
export function nodeKind(node: NodePayload | NodeProperties): NodeKind {
  const props = 'properties' in node && 'identity' in node ? (node as NodePayload).properties : (node as NodeProperties);
  return nodeVariant(props).toLowerCase() as NodeKind;
}

/** A reference as one URL path segment (every reserved character percent-encoded). */
export function encodeRef(ref: string): string {
  return encodeURIComponent(ref);
}

/** The legacy comma form, e.g. `unix:@hash,proc,agent[0]` (no `://` location). */
function isLegacy(ref: string): boolean {
  return !ref.includes('://') && ref.includes(',');
}

/** The id part of an address in the current form (`id@location`), or undefined. */
function addrId(ref: string): string | undefined {
  if (ref === 'root' || ref.startsWith('host:')) return undefined;
  const at = ref.indexOf('@');
  if (at <= 0 || !ref.slice(at + 1).includes('://')) return undefined;
  return ref.slice(0, at);
}

/** Display only: whether a reference looks like an actor address. */
export function looksLikeActorRef(ref: string): boolean {
  if (isLegacy(ref)) return !ref.startsWith('host:') && /\[\d+\]$/.test(ref);
  return addrId(ref)?.includes('.') ?? false;
}

/**
 * The compact uid of an actor reference: `philosopher<2MuAHeDjLCEd>` for
 * `philosopher<2MuAHeDjLCEd>.philosophers<abc>@tcp://[::1]:2345`, `host_agent` for a singleton;
 * for the legacy form the last comma segment (`agent[0]`). Any other reference is returned whole.
 */
export function compactUid(ref: string): string {
  if (isLegacy(ref)) return ref.startsWith('host:') ? ref : ref.slice(ref.lastIndexOf(',') + 1);
  const id = addrId(ref);
  if (id === undefined) return ref;
  const dot = id.indexOf('.');
  return dot < 0 ? ref : id.slice(0, dot);
}

/** An actor's name (its label, without the instance part); `?` for an unlabelled instance. */
export function actorName(ref: string): string {
  const uid = compactUid(ref);
  const name = isLegacy(ref) ? uid.replace(/\[\d+\]$/, '') : uid.split('<')[0];
  return name || '?';
}

/** A proc's short name for display: its proc_name unless that is itself a proc address. */
export function procShortName(procName: string): string {
  const id = addrId(procName);
  if (id === undefined || id.includes('.')) return procName;
  return id.split('<')[0] || id;
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
  if ('Actor' in p) return looksLikeActorRef(node.identity) ? compactUid(node.identity) : node.identity;
  const e = (p as { Error: { code: string; message: string } }).Error;
  return `[error] ${e.code}: ${e.message}`;
}
