/**
 * Where the list views get their rows and live details: the typed backend clients (MirrorNeuron
 * jobs and workflow progress, Asya envelopes and their event stream, Astromesh agents, metrics and
 * traces). Each source lists its rows and follows one item until it ends or is closed.
 */
import type { AsyaClient } from '../../backends/asya/client.js';
import type { AstromeshClient } from '../../backends/astromesh/client.js';
import { fmtMs, summarizeTrace } from '../../backends/astromesh/render.js';
import type { Trace } from '../../backends/astromesh/models.js';
import type { MnClient } from '../../backends/mn/client.js';
import { followProgress } from '../../backends/mn/monitor.js';
import { isTerminalJobStatus } from '../../vocab/mn.js';
import { clean } from '../format.js';
import type { Line } from '../theme.js';
import type { Detail, ListViewName, ViewItem } from './model.js';
import { statusTone } from './model.js';

export interface ViewSource {
  columns: string[];
  /** The backend and its address, for the header ("mn • http://host:54001/api/v1"). */
  origin?: string;
  list(signal: AbortSignal): Promise<ViewItem[]>;
  /** Follows one item, handing each new state of its detail to `emit`, until it ends or `signal` aborts. */
  follow(id: string, emit: (d: Detail) => void, signal: AbortSignal): Promise<void>;
  /** The detail is a snapshot: fetched again on every refresh of the view. */
  refreshDetail?: boolean;
}

export type ViewSources = Partial<Record<ListViewName, ViewSource>>;

const str = (v: unknown): string => (v === null || v === undefined ? '' : clean(String(v)));

export function jobsSource(mn: MnClient): ViewSource {
  return {
    columns: ['JOB', 'NAME', 'STATUS', 'SUBMITTED'],
    async list() {
      const res = await mn.listJobs({ includeTerminal: true });
      return res.data.map((j) => ({ id: j.job_id, status: j.status, cells: [str(j.job_id), str(j.job_name ?? j.graph_id), str(j.status), str(j.submitted_at)] }));
    },
    async follow(id, emit, signal) {
      emit({ kind: 'job', id, live: true });
      const source = followProgress(mn, id, { signal });
      try {
        for await (const snapshot of source) {
          const live = !isTerminalJobStatus(snapshot.status);
          emit({ kind: 'job', id, snapshot, live });
          if (!live) return;
        }
      } finally {
        await source.return(undefined).catch(() => undefined);
      }
    },
  };
}

function envelopeLines(status: string, data: Record<string, unknown>, fly: string): Line[] {
  const lines: Line[] = [[{ text: 'status: ', tone: 'label' }, status ? { text: str(status), tone: statusTone(status) } : { text: 'connecting…', tone: 'dim' }]];
  if (data.actor !== undefined) lines.push([{ text: 'actor: ', tone: 'label' }, { text: str(data.actor) }]);
  if (typeof data.progress_percent === 'number') lines.push([{ text: 'progress: ', tone: 'label' }, { text: `${data.progress_percent}%` }]);
  if (data.message !== undefined) lines.push([{ text: 'message: ', tone: 'label' }, { text: str(data.message) }]);
  if (data.error !== undefined) lines.push([{ text: 'error: ', tone: 'label' }, { text: str(data.error), tone: 'bad' }]);
  lines.push([], [{ text: 'Fly stream', tone: 'title' }]);
  if (fly) for (const l of fly.split('\n')) lines.push([{ text: clean(l) }]);
  else {
    // Fly tokens are never stored: an envelope that ended before it was opened shows its result instead.
    const result = data.result && typeof data.result === 'object' ? (data.result as Record<string, unknown>).response : undefined;
    if (typeof result === 'string' && result) {
      lines.push([{ text: '(the stream ended before it was opened; the result:)', tone: 'dim' }]);
      for (const l of result.split('\n')) lines.push([{ text: clean(l) }]);
    } else lines.push([{ text: '(no fly tokens yet)', tone: 'dim' }]);
  }
  return lines;
}

export function envelopesSource(asya: AsyaClient): ViewSource {
  return {
    columns: ['ENVELOPE', 'ACTOR', 'STATUS', 'UPDATED'],
    async list() {
      const res = await asya.list({ limit: 200 });
      const order = (s: string) => (s === 'running' ? 0 : s === 'pending' ? 1 : 2);
      const rows = [...res.messages].sort((a, b) => order(a.status) - order(b.status) || b.updated_at.localeCompare(a.updated_at));
      return rows.map((e) => ({ id: e.id, status: e.status, cells: [str(e.id), str(e.data?.actor), str(e.status), str(e.updated_at)] }));
    },
    async follow(id, emit, signal) {
      let status = '';
      let data: Record<string, unknown> = {};
      let fly = '';
      const show = (live: boolean) => emit({ kind: 'lines', id, title: `Envelope ${clean(id)}`, lines: envelopeLines(status, data, fly), live });
      show(true);
      const watch = asya.watch(id, { signal });
      for (;;) {
        const r = await watch.next();
        if (r.done) {
          status = r.value.status;
          data = { ...data, ...(r.value.data as Record<string, unknown>) };
          return show(false);
        }
        const ev = r.value;
        if (ev.type === 'status') {
          status = ev.status ?? status;
          data = { ...data, ...(ev.data as Record<string, unknown>) };
        } else if (ev.type === 'fly') fly += ev.text;
        else continue;
        show(true);
      }
    },
  };
}

function agentStats(traces: Trace[]): Map<string, { runs: number; total: number; timed: number }> {
  const m = new Map<string, { runs: number; total: number; timed: number }>();
  for (const t of traces) {
    const name = t.agent ?? '';
    const e = m.get(name) ?? { runs: 0, total: 0, timed: 0 };
    e.runs++;
    const d = summarizeTrace(t).duration_ms;
    if (d !== undefined) {
      e.total += d;
      e.timed++;
    }
    m.set(name, e);
  }
  return m;
}

export function agentsSource(astro: AstromeshClient): ViewSource {
  return {
    columns: ['AGENT', 'STATUS', 'RUNS', 'AVG LATENCY'],
    refreshDetail: true,
    async list() {
      const [agents, metrics, traces] = await Promise.all([astro.listAgents(), astro.metrics().catch(() => undefined), astro.traces({ limit: 100 }).catch(() => undefined)]);
      const stats = agentStats(traces?.traces ?? []);
      return agents.agents.map((a) => {
        const st = stats.get(a.name);
        const counted = metrics?.counters[`agent.runs.${a.name}`];
        const runs = typeof counted === 'number' ? counted : (st?.runs ?? 0);
        const avg = st && st.timed ? fmtMs(st.total / st.timed) : '';
        const status = a.status ?? (a.error ? 'error' : '');
        return { id: a.name, status, cells: [str(a.name), str(status), String(runs), avg] };
      });
    },
    async follow(id, emit, signal) {
      const show = async () => {
        const { traces } = await astro.traces({ agent: id, limit: 20 });
        const lines: Line[] = [[{ text: 'Recent traces', tone: 'title' }, { text: `  ${traces.length}`, tone: 'dim' }]];
        for (const t of traces) {
          const s = summarizeTrace(t);
          lines.push([{ text: clean(s.trace_id) }, { text: `  ${fmtMs(s.duration_ms)}  ${s.spans} spans  ` }, { text: s.status, tone: s.status === 'error' ? 'bad' : s.status === 'ok' ? 'ok' : 'warn' }, { text: s.session_id ? `  ${clean(s.session_id)}` : '', tone: 'dim' }]);
        }
        if (!traces.length) lines.push([{ text: 'no traces for this agent yet', tone: 'dim' }]);
        if (!signal.aborted) emit({ kind: 'lines', id, title: `Agent ${clean(id)}`, lines, live: false });
      };
      await show();
    },
  };
}
