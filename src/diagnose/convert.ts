/**
 * What the reference TUI does with a 2xx body before a probe counts as passed: decode it as a
 * NodePayload (a shape error is a `Parse error`), then convert it to the typed payload by parsing
 * every reference and timestamp in it (the first failure is a `Conversion error`, checked in the
 * order identity, properties, children, parent, as_of).
 */
import { NodePayload } from '../backends/admin/models.js';
import { debugQuote, parseRef } from './refs.js';

export type Decoded = { ok: true; payload: NodePayload } | { ok: false; kind: 'parse' } | { ok: false; kind: 'conversion'; message: string };

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?Z$/;

/** An RFC 3339 UTC timestamp, as the server writes them (`2025-01-15T10:30:00.123Z`). */
export function isTimestamp(s: unknown): boolean {
  if (typeof s !== 'string') return false;
  const m = TIMESTAMP.exec(s);
  if (!m) return false;
  const [mo, d, h, mi, se] = [m[2], m[3], m[4], m[5], m[6]].map(Number);
  return mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h <= 23 && mi <= 59 && se <= 60;
}

function isRef(s: unknown): boolean {
  return typeof s === 'string' && parseRef(s) !== undefined;
}

function allRefs(v: unknown): boolean {
  return Array.isArray(v) && v.every(isRef);
}

/** Whether the typed properties convert (references and timestamps inside them parse). */
function propertiesConvert(p: NodePayload['properties']): boolean {
  if ('Root' in p) return isTimestamp(p.Root.started_at) && allRefs(p.Root.system_children);
  if ('Host' in p) return allRefs(p.Host.system_children);
  if ('Proc' in p) return allRefs(p.Proc.system_children) && allRefs(p.Proc.stopped_children);
  if ('Actor' in p) {
    const a = p.Actor;
    if (a.created_at != null && !isTimestamp(a.created_at)) return false;
    const f = a.failure_info;
    if (f && (parseRef(f.root_cause_actor)?.kind !== 'actor' || !isTimestamp(f.occurred_at))) return false;
    if (a.execution && !a.execution.active_handlers.every((h) => isTimestamp(h.oldest_since))) return false;
    return true;
  }
  return true;
}

/** Decode and convert a 2xx body the way the reference TUI does. */
export function decodeNode(text: string): Decoded {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, kind: 'parse' };
  }
  const parsed = NodePayload.safeParse(json);
  if (!parsed.success) return { ok: false, kind: 'parse' };
  const payload = parsed.data;
  // An externally tagged enum is an object with exactly one key.
  if (Object.keys(payload.properties).length !== 1) return { ok: false, kind: 'parse' };
  if (!isRef(payload.identity)) return { ok: false, kind: 'conversion', message: `failed to parse identity: ${debugQuote(payload.identity)}` };
  if (!propertiesConvert(payload.properties)) return { ok: false, kind: 'conversion', message: 'failed to parse properties' };
  for (let i = 0; i < payload.children.length; i++) {
    if (!isRef(payload.children[i])) return { ok: false, kind: 'conversion', message: `failed to parse children[${i}]: ${debugQuote(payload.children[i])}` };
  }
  if (payload.parent != null && !isRef(payload.parent)) return { ok: false, kind: 'conversion', message: `failed to parse parent: ${debugQuote(payload.parent)}` };
  if (!isTimestamp(payload.as_of)) return { ok: false, kind: 'conversion', message: `failed to parse as_of: ${debugQuote(payload.as_of)}` };
  return { ok: true, payload };
}
