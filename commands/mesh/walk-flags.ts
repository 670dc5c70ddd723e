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

export function parseCount(value: string | undefined, flag: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min) {
    throw Object.assign(new Error(`${flag} must be an integer >= ${min}, got "${value}"`), { usage: true });
  }
  return n;
}

/** Parse the numeric walk flags, as usage errors (exit 2) when malformed. */
export async function walkNumbers(opts: Pick<WalkBaseFlags, 'depth' | 'concurrency' | 'retries'>): Promise<{ maxDepth?: number; concurrency?: number; retries?: number }> {
  const { usageError } = await import('../../src/errors.js');
  try {
    return {
      maxDepth: parseCount(opts.depth, '--depth', 0),
      concurrency: parseCount(opts.concurrency, '--concurrency', 1),
      retries: parseCount(opts.retries, '--retries', 0),
    };
  } catch (e) {
    throw usageError((e as Error).message, 'for example --depth 2 (root 0, hosts 1, procs 2, actors 3), --concurrency 8, --retries 2');
  }
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
