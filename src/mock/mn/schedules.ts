/**
 * Schedules and trigger events of the mock runtime: periodic schedules (5-field cron, UTC), delayed
 * schedules (run_at or delay_ms) and event schedules (event_type + filter), which dispatch jobs on
 * the simulated clock; emitted events dispatch the event schedules they match.
 */

// ---------------------------------------------------------------- cron

interface CronField {
  values: Set<number>;
  any: boolean;
}

const RANGES: Array<[number, number]> = [
  [0, 59],
  [0, 23],
  [1, 31],
  [1, 12],
  [0, 6],
];

function parseField(text: string, [lo, hi]: [number, number], name: string): CronField {
  const values = new Set<number>();
  for (const part of text.split(',')) {
    const m = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
    if (!m) throw new Error(`bad ${name} field "${part}"`);
    const step = m[4] ? Number(m[4]) : 1;
    if (step < 1) throw new Error(`bad step in ${name} field "${part}"`);
    let a = lo;
    let b = hi;
    if (m[2] !== undefined) {
      a = Number(m[2]);
      b = m[3] !== undefined ? Number(m[3]) : m[4] ? hi : a;
    }
    if (name === 'day-of-week' && b === 7) b = 6;
    if (a < lo || b > hi || a > b) throw new Error(`${name} value out of range ${lo}-${hi} in "${part}"`);
    for (let v = a; v <= b; v += step) values.add(v);
  }
  return { values, any: text === '*' };
}

export interface Cron {
  next(afterMs: number): number;
}

export function parseCron(expr: string): Cron {
  const parts = expr.trim().split(/\s+/);
  if (parts.length !== 5) throw new Error(`a cron expression has 5 fields (minute hour day month weekday), got ${parts.length}`);
  const names = ['minute', 'hour', 'day-of-month', 'month', 'day-of-week'];
  const [min, hour, dom, mon, dow] = parts.map((p, i) => parseField(p, RANGES[i], names[i]));
  return {
    next(afterMs: number): number {
      const d = new Date(Math.floor(afterMs / 60_000) * 60_000 + 60_000);
      for (let i = 0; i < 366 * 24 * 60; i++) {
        const dayOk = dom.any || dow.any ? dom.values.has(d.getUTCDate()) && dow.values.has(d.getUTCDay()) : dom.values.has(d.getUTCDate()) || dow.values.has(d.getUTCDay());
        if (mon.values.has(d.getUTCMonth() + 1) && dayOk && hour.values.has(d.getUTCHours()) && min.values.has(d.getUTCMinutes())) return d.getTime();
        d.setTime(d.getTime() + 60_000);
      }
      return Infinity;
    },
  };
}

// ---------------------------------------------------------------- schedules

export type ScheduleKind = 'periodic' | 'delayed' | 'event';

export interface ScheduleState {
  id: string;
  name: string;
  kind: ScheduleKind;
  status: 'active' | 'paused' | 'completed' | 'deleted';
  timezone: string;
  crons: string[];
  runAt?: number;
  eventType?: string;
  filter?: Record<string, unknown>;
  prohibitOverlap: boolean;
  missedPolicy: 'skip' | 'catchup_one' | 'catchup_all';
  catchupLimit: number;
  window?: Record<string, unknown>;
  manifest: Record<string, unknown>;
  payloads: Record<string, string>;
  source: Record<string, unknown>;
  nextRunAt?: number;
  lastDispatch?: { at: number; job_id: string | null; reason: string };
  childJobIds: string[];
  dispatchCount: number;
  missedCount: number;
  failureCount: number;
  createdAt: number;
  updatedAt: number;
  reason?: string;
}

const iso = (ms: number | undefined) => (ms === undefined || !Number.isFinite(ms) ? null : new Date(ms).toISOString());

export function scheduleView(sc: ScheduleState): Record<string, unknown> {
  return {
    schedule_id: sc.id,
    id: sc.id,
    name: sc.name,
    kind: sc.kind,
    status: sc.status,
    enabled: sc.status === 'active',
    timezone: sc.timezone,
    crons: sc.crons,
    run_at: iso(sc.runAt),
    event_type: sc.eventType ?? null,
    filter: sc.filter ?? null,
    prohibit_overlap: sc.prohibitOverlap,
    missed_policy: sc.missedPolicy,
    catchup_limit: sc.catchupLimit,
    window: sc.window ?? null,
    next_run_at: sc.status === 'active' ? iso(sc.nextRunAt) : null,
    last_dispatch: sc.lastDispatch ? { at: iso(sc.lastDispatch.at), job_id: sc.lastDispatch.job_id, reason: sc.lastDispatch.reason } : null,
    child_job_ids: sc.childJobIds,
    dispatch_count: sc.dispatchCount,
    missed_count: sc.missedCount,
    failure_count: sc.failureCount,
    source: sc.source,
    workflow_id: (sc.manifest.workflow as { workflow_id?: string } | undefined)?.workflow_id ?? sc.manifest.graph_id ?? null,
    created_at: iso(sc.createdAt),
    updated_at: iso(sc.updatedAt),
  };
}

export function computeNext(sc: ScheduleState, after: number): number | undefined {
  if (sc.kind === 'delayed') return sc.lastDispatch ? undefined : sc.runAt;
  if (sc.kind === 'periodic') {
    let best = Infinity;
    for (const c of sc.crons) best = Math.min(best, parseCron(c).next(after));
    return Number.isFinite(best) ? best : undefined;
  }
  return undefined;
}

/** Does an event payload match a trigger filter? Exact values, lists (any of), {prefix}, {contains}. */
export function filterMatches(filter: Record<string, unknown> | undefined, payload: Record<string, unknown>): boolean {
  if (!filter) return true;
  for (const [key, want] of Object.entries(filter)) {
    const got = payload[key];
    if (Array.isArray(want)) {
      if (!want.some((w) => w === got)) return false;
    } else if (want !== null && typeof want === 'object') {
      const w = want as { prefix?: string; contains?: string };
      if (typeof got !== 'string') return false;
      if (w.prefix !== undefined && !got.startsWith(w.prefix)) return false;
      if (w.contains !== undefined && !got.includes(w.contains)) return false;
    } else if (got !== want) return false;
  }
  return true;
}
