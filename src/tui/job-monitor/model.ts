/**
 * The live job monitor's part of the browser's state: the latest workflow-progress snapshot, the
 * selected agent, whether its detail is open, the stream's notice and the error that ended it.
 * Pure: the reducer folds snapshots and keys in (the controller consumes the stream).
 */
import type { ProgressAgent, WorkflowProgress } from '../../backends/mn/models.js';

export interface MonitorState {
  jobId: string;
  snapshot?: WorkflowProgress;
  /** Index into the agents of the current step(s). */
  selected: number;
  /** The selected agent's detail instead of the agents table. */
  detail: boolean;
  /** A notice such as "stream unavailable; polling". */
  notice?: string;
  error?: string;
}

export type MonitorAction =
  | { type: 'snapshot'; snapshot: WorkflowProgress }
  | { type: 'move'; delta: number }
  | { type: 'detail'; open: boolean }
  | { type: 'notice'; text: string }
  | { type: 'failed'; error: string };

export function emptyMonitor(jobId: string): MonitorState {
  return { jobId, selected: 0, detail: false };
}

/** Agents shown on the right: those of the running step(s), else of the current step. */
export function currentAgents(snap: WorkflowProgress | undefined): ProgressAgent[] {
  if (!snap) return [];
  const ids = new Set(snap.current_step_ids ?? (snap.current_step_id ? [snap.current_step_id] : []));
  const steps = snap.steps.filter((s) => ids.has(s.id));
  const pick = steps.length ? steps : snap.steps.filter((s) => s.current);
  return pick.flatMap((s) => s.agents);
}

/** The statuses a job ends in. */
export { TERMINAL_JOB_STATUSES as TERMINAL } from '../../vocab/mn.js';

export function reduceMonitor(m: MonitorState, a: MonitorAction): MonitorState {
  switch (a.type) {
    case 'snapshot':
      return { ...m, snapshot: a.snapshot };
    case 'move': {
      const n = currentAgents(m.snapshot).length;
      const selected = Math.max(0, Math.min(Math.max(0, n - 1), m.selected + a.delta));
      return selected === m.selected ? m : { ...m, selected };
    }
    case 'detail':
      return m.detail === a.open ? m : { ...m, detail: a.open };
    case 'notice':
      return { ...m, notice: a.text };
    case 'failed':
      return { ...m, error: a.error };
  }
}
