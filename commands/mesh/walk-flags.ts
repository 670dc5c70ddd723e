/** Flags shared by `mesh walk` and `mesh tree`. */
import type { Session } from '../../src/app/session.js';
import type { ValidateMode } from '../../src/app/validate-flag.js';

/** The flags `mesh walk` and `mesh tree` share. */
export interface WalkBaseFlags {
  depth?: string;
  system?: boolean;
  stopped?: boolean;
  concurrency?: string;
  retries?: string;
  validate?: ValidateMode;
}


/** Parse the numeric walk flags, as usage errors (exit 2) when malformed. */
export async function walkNumbers(opts: Pick<WalkBaseFlags, 'depth' | 'concurrency' | 'retries'>): Promise<{ maxDepth?: number; concurrency?: number; retries?: number }> {
  const { parseInteger } = await import('../../src/app/flags.js');
  const int = (v: string | undefined, flag: string, min: number) => (v === undefined ? undefined : parseInteger(v, flag, { min }));
  return { maxDepth: int(opts.depth, '--depth', 0), concurrency: int(opts.concurrency, '--concurrency', 1), retries: int(opts.retries, '--retries', 0) };
}

/** Report a node the walk could not read, on stderr; the walk goes on. */
export function reportWalkError(s: Session, e: { ref: string; parent?: string; error: { code: string; message: string } }): void {
  // Ctrl-C or --timeout: what was in flight is abandoned, not broken; the command says so once
  if (s.signal.aborted) return;
  const from = e.parent ? ` (listed by ${e.parent})` : '';
  if (e.error.code === 'not_found') s.out.warn(`${e.ref}${from}: gone since its parent listed it (not_found); the walk goes on`);
  else if (e.error.code === 'gateway_timeout') s.out.warn(`${e.ref}${from}: ${e.error.message} (gateway_timeout); the node may still exist, its host did not answer in time`);
  else s.out.warn(`${e.ref}${from}: ${e.error.message} (${e.error.code})`);
}
