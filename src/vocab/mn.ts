/**
 * Words of the mn-api that meshscope's client and its mock both use: plain constants, no judgement
 * of a payload (that is the client's zod models, src/backends/mn/models.ts).
 */

/** Job statuses of the core, the API and the `mn` CLI (reference/mirrorneuron.md §2.13). */
export const JOB_STATUSES = ['pending', 'validated', 'scheduled', 'running', 'pausing', 'paused', 'cancelling', 'completed', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** The statuses a job (or a run) ends in; the API also tolerates the spelling `canceled`. */
export const TERMINAL_JOB_STATUSES: ReadonlySet<string> = new Set(['completed', 'failed', 'cancelled', 'canceled']);

/** Has a job (or run) with this status finished? */
export function isTerminalJobStatus(status: string | null | undefined): boolean {
  return TERMINAL_JOB_STATUSES.has(String(status));
}
