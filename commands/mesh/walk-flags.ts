/** What `mesh walk` and `mesh tree` share. */
import type { Session } from '../../src/app/session.js';

/** Report a node the walk could not read, on stderr; the walk goes on. */
export function reportWalkError(s: Session, e: { ref: string; parent?: string; error: { code: string; message: string } }): void {
  // Ctrl-C or --timeout: what was in flight is abandoned, not broken; the command says so once
  if (s.signal.aborted) return;
  const from = e.parent ? ` (listed by ${e.parent})` : '';
  if (e.error.code === 'not_found') s.out.warn(`${e.ref}${from}: gone since its parent listed it (not_found); the walk goes on`);
  else if (e.error.code === 'gateway_timeout') s.out.warn(`${e.ref}${from}: ${e.error.message} (gateway_timeout); the node may still exist, its host did not answer in time`);
  else s.out.warn(`${e.ref}${from}: ${e.error.message} (${e.error.code})`);
}
