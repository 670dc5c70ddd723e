/** The asya status model (no zod here: a short command does not load it; the models are in models.ts). */
/** The statuses of the real status model, in order. */
export const STATUSES = ['pending', 'running', 'paused', 'succeeded', 'failed', 'canceled'] as const;
export type EnvelopeStatus = (typeof STATUSES)[number];

export const TERMINAL_STATUSES = ['succeeded', 'failed', 'canceled'] as const;

/** Sidecar statuses the server maps to `running` before storing them. */
export const SIDECAR_STATUSES = ['received', 'processing', 'completed'] as const;

const RANK: Record<string, number> = { pending: 0, running: 1, paused: 2, succeeded: 3, failed: 3, canceled: 3 };

/** Rank in the monotonic order: pending 0 < running 1 < paused 2 < succeeded|failed|canceled 3; unknown statuses rank 0. */
export function statusRank(status: string | undefined): number {
  return status === undefined ? 0 : (RANK[status] ?? 0);
}

export function isTerminal(status: string | undefined): boolean {
  return statusRank(status) === 3;
}

/** The server's rule: a new status is stored only if it ranks strictly higher than the current one. */
export function canTransition(from: string | undefined, to: string): boolean {
  return statusRank(to) > statusRank(from);
}
