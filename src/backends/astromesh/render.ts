/** How astromesh payloads are shown: tables, the trace waterfall, doctor, metrics, the mesh. */
import type { Output, Tone, View } from '../../output/index.js';
import { sanitize } from '../../output/sanitize.js';
import type { AgentConfig, AgentSummary, ClusterState, DoctorReport, MemoryMessage, Metrics, NodeState, RunStep, ScoredText, Span, SystemStatus, ToolInfo, Trace, Usage } from './models.js';
import { tokensOf } from './client.js';

// ---- small formatters ---------------------------------------------------------------------

export function fmtMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '';
  if (ms === 0) return '0ms';
  if (ms < 1) return `${ms.toFixed(2)}ms`;
  if (Math.round(ms) < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)}s`;
  const m = Math.floor(ms / 60_000);
  return `${m}m${Math.round((ms % 60_000) / 1000)}s`;
}

export function fmtAge(seconds: number): string {
  if (!Number.isFinite(seconds)) return '';
  const s = Math.max(0, seconds);
  if (s < 1) return 'now';
  if (s < 120) return `${Math.round(s)}s ago`;
  if (s < 7200) return `${Math.round(s / 60)}m ago`;
  if (s < 172_800) return `${Math.round(s / 3600)}h ago`;
  return `${Math.round(s / 86_400)}d ago`;
}

export function fmtUptime(seconds: number | undefined): string | undefined {
  if (seconds === undefined) return undefined;
  const s = Math.floor(seconds);
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return d ? `${d}d${h}h${m}m` : h ? `${h}h${m}m${sec}s` : m ? `${m}m${sec}s` : `${sec}s`;
}

/** Epoch seconds (the daemon's floats) or an ISO string, as an ISO timestamp. */
export function fmtTime(t: number | string | null | undefined): string {
  if (t === null || t === undefined || t === '') return '';
  const ms = typeof t === 'number' ? (t > 1e12 ? t : t * 1000) : Date.parse(t);
  return Number.isFinite(ms) ? new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z') : String(t);
}

function oneLine(v: unknown, max = 80): string {
  const s = (typeof v === 'string' ? v : JSON.stringify(v) ?? '').replace(/\s+/g, ' ').trim();
  return s.length > max ? s.slice(0, max - 1) + '…' : s;
}

function brief(v: unknown): string {
  if (v === undefined) return '';
  return oneLine(v, 120);
}

const okTone = (status: string | null | undefined): Tone => {
  const s = (status ?? '').toLowerCase();
  if (['ok', 'ready', 'alive', 'healthy', 'running', 'deployed', 'true'].includes(s)) return 'ok';
  if (['degraded', 'suspect', 'paused', 'draft', 'unset', 'warning'].includes(s)) return 'warn';
  if (['error', 'failed', 'failing', 'dead', 'unavailable', 'unreachable', 'false'].includes(s)) return 'bad';
  return undefined;
};

// ---- agents -------------------------------------------------------------------------------

export const agentsView: View<AgentSummary> = {
  columns: [
    { header: 'NAME', get: (a) => a.name },
    { header: 'VERSION', get: (a) => a.version },
    { header: 'NAMESPACE', get: (a) => a.namespace },
    { header: 'STATUS', get: (a) => a.status, tone: (a) => okTone(a.status) },
    { header: 'MODEL', get: (a) => (typeof a.model === 'string' ? a.model : undefined), wide: true },
    { header: 'DESCRIPTION', get: (a) => a.error ?? a.description, wide: true },
  ],
  name: (a) => `agent/${a.name}`,
};

function rec(v: unknown): Record<string, unknown> | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function modelName(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  const r = rec(v);
  if (!r) return undefined;
  const p = r.provider;
  const m = r.model;
  return [p, m].filter((x) => typeof x === 'string' && x).join('/') || undefined;
}

/** The fields of an agent config worth a glance, from the daemon's spec or the document's flat shape. */
export function agentFields(a: AgentConfig): Array<[string, unknown, Tone?]> {
  const spec = rec(a.spec) ?? (a as Record<string, unknown>);
  const identity = rec(spec.identity);
  const model = rec(spec.model);
  const orch = rec(spec.orchestration);
  const routing = model && (typeof model.routing === 'string' ? model.routing : rec(model.routing)?.strategy);
  const tools = Array.isArray(spec.tools) ? spec.tools.map((t) => (typeof t === 'string' ? t : (rec(t)?.name as string | undefined) ?? '?')) : undefined;
  const memory = rec(spec.memory);
  const memoryText = memory
    ? Object.entries(memory)
        .map(([k, v]) => `${k}=${typeof v === 'string' ? v : ((rec(v)?.backend as string | undefined) ?? JSON.stringify(v))}`)
        .join(', ')
    : undefined;
  const name = a.metadata?.name ?? a.name;
  const status = a.status ?? (spec.status as string | undefined);
  return [
    ['name', name],
    ['version', a.metadata?.version],
    ['namespace', a.metadata?.namespace],
    ['description', identity?.description ?? (a as Record<string, unknown>).description],
    ['model', modelName(model?.primary) ?? modelName(model)],
    ['fallback', modelName(model?.fallback)],
    ['routing', routing],
    ['orchestration', orch ? [orch.pattern, orch.max_iterations !== undefined ? `max ${orch.max_iterations} iterations` : undefined].filter(Boolean).join(', ') : undefined],
    ['tools', tools?.length ? tools.join(', ') : undefined],
    ['memory', memoryText],
    ['status', status, okTone(status)],
  ];
}

export function renderAgent(out: Output, a: AgentConfig): void {
  out.item(agentFields(a), a, `agent/${a.metadata?.name ?? a.name ?? ''}`);
}

/** The line printed on stderr after an answer: trace, session, tokens, time. */
export function runFooter(p: { traceId?: string | null; sessionId?: string; usage?: Usage | null; elapsedMs?: number; toolCalls?: number }): string {
  const t = tokensOf(p.usage);
  const parts: string[] = [];
  if (p.traceId) parts.push(`trace ${p.traceId}`);
  if (p.sessionId) parts.push(`session ${p.sessionId}`);
  if (t.in !== undefined || t.out !== undefined) parts.push(`tokens ${t.in ?? 0} in / ${t.out ?? 0} out`);
  if (p.usage?.model) parts.push(`model ${p.usage.model}`);
  if (p.toolCalls) parts.push(`${p.toolCalls} tool call${p.toolCalls === 1 ? '' : 's'}`);
  if (p.elapsedMs !== undefined) parts.push(fmtMs(p.elapsedMs));
  return parts.join(' · ');
}

export function toolCallLine(name: string, args: unknown): string {
  return `→ tool ${name}${args === undefined ? '' : ` ${oneLine(args, 200)}`}`;
}

export function toolResultLine(name: string, ok: boolean | undefined, output: unknown): string {
  const state = ok === false ? 'failed' : 'ok';
  return `← tool ${name} ${state}${output === undefined ? '' : `: ${oneLine(output, 200)}`}`;
}

/** Tool calls of a finished (non-streamed) run, from its steps, as stderr lines. */
export function stepLines(steps: RunStep[] | undefined): string[] {
  const lines: string[] = [];
  for (const st of steps ?? []) {
    if (!st.action) continue;
    lines.push(toolCallLine(st.action, st.action_input));
    if (st.observation !== undefined && st.observation !== null) lines.push(toolResultLine(st.action, true, st.observation));
  }
  return lines;
}

// ---- memory, tools, RAG -------------------------------------------------------------------

export const historyView: View<MemoryMessage & { index: number }> = {
  columns: [
    { header: '#', get: (m) => m.index },
    { header: 'ROLE', get: (m) => m.role, tone: (m) => (m.role === 'user' ? 'accent' : undefined) },
    { header: 'TIME', get: (m) => fmtTime(m.timestamp ?? undefined) },
    { header: 'CONTENT', get: (m) => oneLine(m.content, 100) },
  ],
  name: (m) => `message/${m.index}`,
};

export function scoredText(r: ScoredText): string {
  return r.text ?? r.content ?? '';
}

export const semanticView: View<ScoredText> = {
  columns: [
    { header: 'SCORE', get: (r) => r.score.toFixed(3) },
    { header: 'SESSION', get: (r) => rec(r.metadata)?.session_id },
    { header: 'TEXT', get: (r) => oneLine(scoredText(r), 100) },
    { header: 'METADATA', get: (r) => (r.metadata ? JSON.stringify(r.metadata) : ''), wide: true },
  ],
  name: (r) => `memory/${oneLine(scoredText(r), 40)}`,
};

export const toolsView: View<ToolInfo> = {
  columns: [
    { header: 'NAME', get: (t) => t.name },
    { header: 'TYPE', get: (t) => t.type },
    { header: 'DESCRIPTION', get: (t) => oneLine(t.description ?? '', 70) },
    { header: 'INTEGRATION', get: (t) => t.integration, wide: true },
    { header: 'WRITES', get: (t) => t.writes, wide: true },
    { header: 'AGENTS', get: (t) => t.agents?.join(','), wide: true },
  ],
  name: (t) => `tool/${t.name}`,
};

export function parameterNames(t: ToolInfo): string {
  const props = rec(t.parameters?.properties);
  if (!props) return '';
  const required = new Set(Array.isArray(t.parameters?.required) ? (t.parameters!.required as string[]) : []);
  return Object.keys(props)
    .map((k) => (required.has(k) ? `${k}*` : k))
    .join(', ');
}

export const builtinView: View<ToolInfo> = {
  columns: [
    { header: 'NAME', get: (t) => t.name },
    { header: 'PARAMETERS', get: (t) => parameterNames(t) },
    { header: 'DESCRIPTION', get: (t) => oneLine(t.description ?? '', 70) },
  ],
  name: (t) => `tool/${t.name}`,
};

export const ragView: View<ScoredText> = {
  columns: [
    { header: 'SCORE', get: (r) => r.score.toFixed(3), tone: (r) => (r.score >= 0.5 ? 'ok' : r.score >= 0.2 ? undefined : 'dim') },
    { header: 'DOC', get: (r) => r.doc_id },
    { header: 'SOURCE', get: (r) => rec(r.metadata)?.source },
    { header: 'CONTENT', get: (r) => oneLine(scoredText(r), 90) },
    { header: 'METADATA', get: (r) => (r.metadata ? JSON.stringify(r.metadata) : ''), wide: true },
  ],
  name: (r) => `chunk/${r.doc_id ?? oneLine(scoredText(r), 40)}`,
};

// ---- traces -------------------------------------------------------------------------------

/** Start and end of a span in ms since the epoch, from start/end times or the duration. */
function spanWindow(s: Span): { start?: number; end?: number; duration?: number } {
  const start = typeof s.start_time === 'number' ? s.start_time * 1000 : undefined;
  let end = typeof s.end_time === 'number' ? s.end_time * 1000 : undefined;
  const duration = typeof s.duration_ms === 'number' ? s.duration_ms : start !== undefined && end !== undefined ? end - start : undefined;
  if (end === undefined && start !== undefined && duration !== undefined) end = start + duration;
  return { start, end, duration };
}

export interface TraceSummary {
  trace_id: string;
  agent?: string | null;
  session_id?: string | null;
  started?: number;
  duration_ms?: number;
  spans: number;
  status: string;
}

export function summarizeTrace(t: Trace): TraceSummary {
  const root = t.spans.find((s) => !s.parent_span_id) ?? t.spans[0];
  const windows = t.spans.map(spanWindow);
  const starts = windows.map((w) => w.start).filter((x): x is number => x !== undefined);
  const ends = windows.map((w) => w.end).filter((x): x is number => x !== undefined);
  const rootWin = root ? spanWindow(root) : {};
  const duration = rootWin.duration ?? (starts.length && ends.length ? Math.max(...ends) - Math.min(...starts) : undefined);
  const failed = t.spans.some((s) => (s.status ?? '').toLowerCase() === 'error');
  const running = root && root.end_time === null && root.duration_ms === null;
  return {
    trace_id: t.trace_id,
    agent: t.agent,
    session_id: t.session_id,
    started: starts.length ? Math.min(...starts) : undefined,
    duration_ms: duration,
    spans: t.spans.length,
    status: failed ? 'error' : running ? 'running' : 'ok',
  };
}

export const tracesView: View<TraceSummary> = {
  columns: [
    { header: 'TRACE', get: (t) => t.trace_id },
    { header: 'AGENT', get: (t) => t.agent },
    { header: 'SESSION', get: (t) => t.session_id },
    { header: 'STARTED', get: (t) => (t.started !== undefined ? fmtTime(t.started) : '') },
    { header: 'DURATION', get: (t) => fmtMs(t.duration_ms) },
    { header: 'SPANS', get: (t) => t.spans },
    { header: 'STATUS', get: (t) => t.status, tone: (t) => (t.status === 'error' ? 'bad' : t.status === 'ok' ? 'ok' : 'warn') },
  ],
  name: (t) => `trace/${t.trace_id}`,
};

export interface WaterfallRow {
  depth: number;
  /** Tree glyphs before the name. */
  prefix: string;
  span: Span;
  offset_ms?: number;
  duration_ms?: number;
  bar: string;
}

/**
 * The span tree of a trace, ordered like a waterfall: parents before children, siblings by start
 * time, each with its offset from the trace start, its duration and a bar of `width` cells placed
 * on the trace's time axis. Spans whose parent is not in the trace are shown as roots.
 */
export function waterfall(t: Trace, width = 30): WaterfallRow[] {
  const byId = new Map(t.spans.map((s) => [s.span_id, s]));
  const children = new Map<string | undefined, Span[]>();
  for (const s of t.spans) {
    const parent = s.parent_span_id && byId.has(s.parent_span_id) && s.parent_span_id !== s.span_id ? s.parent_span_id : undefined;
    const list = children.get(parent) ?? [];
    list.push(s);
    children.set(parent, list);
  }
  const windows = new Map(t.spans.map((s) => [s.span_id, spanWindow(s)]));
  const starts = [...windows.values()].map((w) => w.start).filter((x): x is number => x !== undefined);
  const ends = [...windows.values()].map((w) => w.end).filter((x): x is number => x !== undefined);
  const t0 = starts.length ? Math.min(...starts) : undefined;
  const t1 = ends.length ? Math.max(...ends) : undefined;
  const total = t0 !== undefined && t1 !== undefined ? Math.max(t1 - t0, 0.001) : undefined;
  const order = (a: Span, b: Span) => (windows.get(a.span_id)!.start ?? 0) - (windows.get(b.span_id)!.start ?? 0);
  const rows: WaterfallRow[] = [];
  const seen = new Set<string>();
  const walk = (parent: string | undefined, depth: number, lead: string) => {
    const kids = [...(children.get(parent) ?? [])].sort(order);
    kids.forEach((s, i) => {
      if (seen.has(s.span_id)) return;
      seen.add(s.span_id);
      const last = i === kids.length - 1;
      const prefix = depth === 0 ? '' : lead + (last ? '└─ ' : '├─ ');
      const w = windows.get(s.span_id)!;
      let bar = '';
      if (total !== undefined && w.start !== undefined && t0 !== undefined) {
        const from = Math.min(width - 1, Math.floor(((w.start - t0) / total) * width));
        const len = Math.max(1, Math.min(width - from, Math.round(((w.duration ?? 0) / total) * width)));
        bar = ' '.repeat(from) + '█'.repeat(len);
      }
      rows.push({ depth, prefix, span: s, offset_ms: w.start !== undefined && t0 !== undefined ? w.start - t0 : undefined, duration_ms: w.duration, bar });
      walk(s.span_id, depth + 1, depth === 0 ? '' : lead + (last ? '   ' : '│  '));
    });
  };
  walk(undefined, 0, '');
  // cycles or self-parents: anything not reached is shown as a root
  for (const s of t.spans) if (!seen.has(s.span_id)) rows.push({ depth: 0, prefix: '', span: s, duration_ms: windows.get(s.span_id)!.duration, bar: '' });
  return rows;
}

export const waterfallView: View<WaterfallRow> = {
  columns: [
    { header: 'SPAN', get: (r) => r.prefix + r.span.name },
    { header: 'STATUS', get: (r) => r.span.status, tone: (r) => ((r.span.status ?? '').toLowerCase() === 'error' ? 'bad' : undefined) },
    { header: 'START', get: (r) => (r.offset_ms !== undefined ? `+${fmtMs(r.offset_ms)}` : '') },
    { header: 'DURATION', get: (r) => fmtMs(r.duration_ms) },
    { header: 'WATERFALL', get: (r) => r.bar, tone: (r) => ((r.span.status ?? '').toLowerCase() === 'error' ? 'bad' : 'accent') },
    { header: 'SPAN ID', get: (r) => r.span.span_id, wide: true },
    { header: 'ATTRIBUTES', get: (r) => brief(spanAttributes(r.span)), wide: true },
  ],
  name: (r) => `span/${r.span.span_id}`,
};

/** The attributes worth a glance (long prompt texts left out; -o json has everything). */
function spanAttributes(s: Span): Record<string, unknown> | undefined {
  if (!s.attributes) return undefined;
  const skip = new Set(['prompt', 'response', 'input_messages', 'query', 'tool_result']);
  return Object.fromEntries(Object.entries(s.attributes).filter(([k]) => !skip.has(k)));
}

export function renderTrace(out: Output, t: Trace): void {
  if (out.structured) return out.data(t);
  const sum = summarizeTrace(t);
  if (out.format !== 'name') {
    out.info(`trace ${t.trace_id} · agent ${t.agent ?? '?'} · session ${t.session_id ?? '?'} · ${fmtMs(sum.duration_ms)} · ${t.spans.length} spans · ${sum.status}`);
  }
  out.list(waterfall(t), waterfallView, t);
}

// ---- observability ------------------------------------------------------------------------

export function renderMetrics(out: Output, m: Metrics): void {
  if (out.structured) return out.data(m);
  const counters = Object.entries(m.counters).sort(([a], [b]) => a.localeCompare(b));
  const hist = Object.entries(m.histograms).sort(([a], [b]) => a.localeCompare(b));
  if (out.format === 'name') {
    for (const [k] of counters) out.text(`counter/${k}`);
    for (const [k] of hist) out.text(`histogram/${k}`);
    return;
  }
  if (!counters.length && !hist.length) {
    out.info('no metrics recorded yet');
    return;
  }
  const parts: string[] = [];
  if (counters.length) {
    parts.push(
      out.renderTable(counters, {
        columns: [
          { header: 'COUNTER', get: ([k]) => k },
          { header: 'VALUE', get: ([, v]) => v },
        ],
        name: ([k]) => k,
      }),
    );
  }
  if (hist.length) {
    const n = (v: number | undefined) => (v === undefined ? '' : Number.isInteger(v) ? String(v) : v.toFixed(1));
    parts.push(
      out.renderTable(hist, {
        columns: [
          { header: 'HISTOGRAM', get: ([k]) => k },
          { header: 'COUNT', get: ([, h]) => h.count },
          { header: 'AVG', get: ([, h]) => n(h.avg) },
          { header: 'MIN', get: ([, h]) => n(h.min) },
          { header: 'MAX', get: ([, h]) => n(h.max) },
          { header: 'SUM', get: ([, h]) => n(h.sum) },
        ],
        name: ([k]) => k,
      }),
    );
  }
  out.text(parts.join('\n').replace(/\n$/, ''));
}

export interface CheckRow {
  name: string;
  status: string;
  message?: string | null;
}

/** The doctor's checks as rows, from the daemon's map or the document's list. */
export function doctorChecks(d: DoctorReport): CheckRow[] {
  if (Array.isArray(d.checks)) return d.checks.map((c) => ({ name: c.name, status: c.status, message: c.message }));
  return Object.entries(d.checks).map(([name, c]) => ({ name, status: c.status, message: c.message }));
}

/** Healthy only when the daemon says so; with no verdict, when every check is ok/healthy. */
export function doctorHealthy(d: DoctorReport): boolean {
  if (typeof d.healthy === 'boolean') return d.healthy;
  return doctorChecks(d).every((c) => ['ok', 'healthy'].includes(c.status.toLowerCase()));
}

export const checksView: View<CheckRow> = {
  columns: [
    { header: 'CHECK', get: (c) => c.name },
    { header: 'STATUS', get: (c) => c.status.toUpperCase(), tone: (c) => okTone(c.status) },
    { header: 'MESSAGE', get: (c) => c.message },
  ],
  name: (c) => `check/${c.name}`,
};

export function renderDoctor(out: Output, d: DoctorReport): boolean {
  const healthy = doctorHealthy(d);
  if (!out.structured && out.format !== 'name') out.info(healthy ? 'System Healthy' : 'System Unhealthy');
  out.list(doctorChecks(d), checksView, d);
  return healthy;
}

export function renderStatus(out: Output, st: SystemStatus): void {
  const services = st.services
    ? Object.entries(st.services)
        .map(([k, v]) => (v ? k : `${k} (off)`))
        .join(', ')
    : undefined;
  const peers = st.peers?.length ? st.peers.map((p) => `${p.name ?? '?'}${p.url ? ` ${p.url}` : ''}`).join(', ') : st.peers ? 'none' : undefined;
  const mesh = st.mesh === null ? 'disabled' : st.mesh ? `${st.mesh.status ?? 'enabled'}, node ${st.mesh.node_name ?? st.mesh.node_id ?? '?'}, leader ${st.mesh.leader ?? 'none'}, ${st.mesh.cluster_size ?? '?'} nodes` : undefined;
  const providers = st.providers ? Object.entries(st.providers).map(([k, v]) => `${k} ${v}`).join(', ') : undefined;
  out.item(
    [
      ['version', st.version],
      ['status', st.status, okTone(st.status)],
      ['mode', st.mode],
      ['pid', st.pid],
      ['uptime', fmtUptime(st.uptime_seconds)],
      ['agents loaded', st.agents_loaded],
      ['services', services],
      ['peers', peers],
      ['providers', providers],
      ['mesh', mesh, st.mesh === null ? 'dim' : undefined],
    ],
    st,
    st.version,
  );
}

// ---- mesh ---------------------------------------------------------------------------------

export interface NodeRow {
  node: NodeState;
  status: string;
  leader: boolean;
  self: boolean;
  age?: number;
}

export function nodeRows(nodes: NodeState[], opts: { leaderId?: string | null; self?: string; now?: number } = {}): NodeRow[] {
  const now = opts.now ?? Date.now() / 1000;
  return nodes.map((n) => {
    const hb = n.last_heartbeat;
    return {
      node: n,
      status: n.status ?? n.state ?? '',
      leader: n.leader === true || (opts.leaderId !== undefined && opts.leaderId !== null && n.node_id === opts.leaderId),
      self: opts.self !== undefined && (n.node_id === opts.self || n.name === opts.self),
      age: typeof hb === 'number' ? now - hb : undefined,
    };
  });
}

const pct = (v: number | undefined) => (v === undefined ? '' : `${Math.round(v)}%`);

export const nodesView: View<NodeRow> = {
  columns: [
    { header: 'NAME', get: (r) => (r.node.name ?? r.node.node_id) + (r.self ? ' (this node)' : '') },
    { header: 'STATUS', get: (r) => r.status, tone: (r) => okTone(r.status) },
    { header: 'LEADER', get: (r) => (r.leader ? 'yes' : '') },
    { header: 'URL', get: (r) => r.node.url ?? r.node.address },
    { header: 'HEARTBEAT', get: (r) => (r.age !== undefined ? fmtAge(r.age) : r.node.heartbeat) },
    { header: 'CPU', get: (r) => pct(r.node.load?.cpu_percent) },
    { header: 'MEM', get: (r) => pct(r.node.load?.memory_percent), wide: true },
    { header: 'REQ', get: (r) => r.node.load?.active_requests ?? r.node.active_requests },
    { header: 'AGENTS', get: (r) => r.node.agents?.join(',') },
    { header: 'SERVICES', get: (r) => r.node.services?.join(','), wide: true },
    { header: 'NODE ID', get: (r) => r.node.node_id, wide: true },
    { header: 'JOINED', get: (r) => fmtTime(r.node.joined_at), wide: true },
  ],
  name: (r) => `node/${r.node.name ?? r.node.node_id}`,
};

export function meshSummary(c: ClusterState): string {
  const leaderId = c.leader_id ?? c.leader ?? null;
  const leader = c.nodes.find((n) => n.node_id === leaderId);
  const count = (s: string) => c.nodes.filter((n) => (n.status ?? n.state) === s).length;
  const parts = [`leader ${leader?.name ?? leaderId ?? 'none'}`, `${c.nodes.length} node${c.nodes.length === 1 ? '' : 's'} (${count('alive')} alive, ${count('suspect')} suspect, ${count('dead')} dead)`];
  if (c.version !== undefined) parts.push(`version ${c.version}`);
  return parts.join(' · ');
}

/** `self`: this daemon's node id (from system status), marked "(this node)". */
export function renderCluster(out: Output, c: ClusterState, self?: string): void {
  if (!out.structured && out.format !== 'name') out.info(meshSummary(c));
  out.list(nodeRows(c.nodes, { leaderId: c.leader_id ?? c.leader, self: self ?? c.this_node }), nodesView, c);
}

/** Plain server text for the terminal (answers are written piecewise while streaming). */
export function clean(text: string): string {
  return sanitize(text);
}
