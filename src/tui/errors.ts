/** Errors as the browser shows them: one line (message, code, HTTP status) or a block with details and hint. */
import { MeshError } from '../errors.js';
import { clean } from './format.js';
import { seg, type Line } from './theme.js';

/** A fetch error as one line: the server's message and code (and HTTP status when there is one). */
export function errorText(e: unknown): string {
  if (e instanceof MeshError) {
    const extra = [e.code, e.status ? `HTTP ${e.status}` : undefined].filter(Boolean).join(', ');
    return extra ? `${e.message} (${extra})` : e.message;
  }
  return e instanceof Error ? e.message : String(e);
}

/** An overlay's error: message, details and hint of the MeshError. */
export function errorLines(e: unknown): Line[] {
  const lines: Line[] = [[seg(clean(errorText(e)), 'bad')]];
  if (e instanceof MeshError) {
    if (Array.isArray(e.details)) for (const d of e.details) lines.push([seg(`  ${clean(String(d))}`)]);
    if (e.hint) lines.push([], [seg(`hint: ${clean(e.hint)}`, 'info')]);
  }
  return lines;
}
