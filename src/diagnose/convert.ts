/**
 * What happens to a 2xx body before a probe counts as passed: it must decode as a NodePayload (a
 * shape error is a `Parse error`, as in the reference TUI), and its timestamps must parse (the
 * first that does not is a `Conversion error`: `failed to parse properties` for one inside the
 * properties, then `failed to parse as_of`).
 *
 * References are opaque. The reference TUI also converts every reference string in the payload and
 * fails the check when one is not in its release's grammar; meshscope never does: a server whose
 * references look new to meshscope is not a sick mesh (the walk reports such references as one
 * finding instead).
 */
import type { NodePayload } from '../backends/admin/models.js';
import * as checks from '../backends/admin/checks.js';

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

/** Whether the timestamps inside the typed properties parse. */
function propertiesConvert(p: NodePayload['properties']): boolean {
  if ('Root' in p) return isTimestamp(p.Root.started_at);
  if ('Actor' in p) {
    const a = p.Actor;
    if (a.created_at != null && !isTimestamp(a.created_at)) return false;
    if (a.failure_info && !isTimestamp(a.failure_info.occurred_at)) return false;
    if (a.execution && !a.execution.active_handlers.every((h) => isTimestamp(h.oldest_since))) return false;
    return true;
  }
  return true;
}

/** Decode a 2xx body and check its timestamps; references are never a reason to fail. */
export function decodeNode(text: string): Decoded {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, kind: 'parse' };
  }
  // The predicate compiled from the NodePayload model is exact (true for every payload the model
  // accepts, which it returns unchanged): it decides alone, and zod is never loaded.
  if (!checks.NodePayload.check(json)) return { ok: false, kind: 'parse' };
  const payload = json as NodePayload;
  // An externally tagged enum is an object with exactly one key.
  if (Object.keys(payload.properties).length !== 1) return { ok: false, kind: 'parse' };
  if (!propertiesConvert(payload.properties)) return { ok: false, kind: 'conversion', message: 'failed to parse properties' };
  if (!isTimestamp(payload.as_of)) return { ok: false, kind: 'conversion', message: `failed to parse as_of: ${debugQuote(payload.as_of)}` };
  return { ok: true, payload };
}
