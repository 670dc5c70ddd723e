/** The job statuses after which nothing changes (no zod here: a short command does not load it). */
export const TERMINAL_STATUSES = new Set(['completed', 'failed', 'cancelled', 'canceled']);
