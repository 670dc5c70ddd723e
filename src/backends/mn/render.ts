/** How mn payloads are shown: tables, records and the mn.error.v1 failure description. */
import { formatBytes } from '../../output/units.js';
import type { Output, Tone, View } from '../../output/index.js';
import type * as M from './models.js';

export function statusTone(status: string | null | undefined): Tone {
  switch (status) {
    case 'passing':
    case 'healthy':
    case 'completed':
    case 'done':
    case 'ok':
    case 'active':
    case 'connected':
    case 'installed':
      return 'ok';
    case 'warning':
    case 'pausing':
    case 'paused':
    case 'cancelling':
    case 'pending':
    case 'ready':
    case 'skipped':
      return 'warn';
    case 'critical':
    case 'failed':
    case 'unhealthy':
    case 'error':
    case 'ERROR':
      return 'bad';
    case 'running':
    case 'launching':
      return 'accent';
    case 'cancelled':
    case 'canceled':
    case 'deleted':
    case 'disconnected':
      return 'dim';
    default:
      return undefined;
  }
}

/** `12s`, `3m04s`, `1h02m`. */
export function formatElapsed(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '-';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

function text(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

// ---------------------------------------------------------------- failures

/** The mn.error.v1 failure as lines: `code: desc`, where it happened, the message, what to do. */
export function failureLines(f: M.MnFailure): string[] {
  const lines = [`${f.desc} (${f.code})`];
  const d = f.details ?? {};
  const where = [d.step_id && `step ${d.step_id}`, d.agent_id && `agent ${d.agent_id}`, d.node && `on ${d.node}`, d.attempt != null && d.max_attempts != null && `attempt ${d.attempt}/${d.max_attempts}`].filter(Boolean);
  if (where.length) lines.push(`at: ${where.join(', ')}`);
  if (d.message) lines.push(`message: ${d.message}`);
  if (d.category) lines.push(`category: ${d.category}${d.retryable === true ? ' (retryable)' : ''}`);
  if (f.occurred_at) lines.push(`occurred: ${f.occurred_at}`);
  if (f.trace_id) lines.push(`trace: ${f.trace_id}`);
  if (f.remediation) lines.push(`remediation: ${f.remediation}`);
  return lines;
}

// ---------------------------------------------------------------- runtime

export function renderRuntimeHealth(out: Output, health: M.RuntimeHealth): void {
  if (!out.structured) out.info(`overall: ${health.overall}${health.checked_at ? ` (checked ${health.checked_at})` : ''}`);
  out.list(
    health.components,
    {
      columns: [
        { header: 'COMPONENT', get: (c) => c.name },
        { header: 'STATUS', get: (c) => c.status, tone: (c) => statusTone(c.status) },
        { header: 'TARGET', get: (c) => c.target },
        { header: 'MS', get: (c) => c.duration_ms },
        { header: 'DETAIL', get: (c) => c.error || c.detail },
      ],
      name: (c) => `component/${c.name}`,
    },
    health,
  );
}

export function renderRuntimeStatus(out: Output, st: M.RuntimeStatus): void {
  if (out.structured) return out.data(st);
  renderRuntimeHealth(out, st);
  if (out.format === 'name') return;
  const by = (r: Record<string, number> | undefined) =>
    Object.entries(r ?? {})
      .map(([k, v]) => `${v} ${k}`)
      .join(', ') || 'none';
  const lines: string[] = [];
  if (st.nodes) lines.push(`nodes: ${st.nodes.total ?? 0} (${by(st.nodes.by_status)})`);
  if (st.jobs) lines.push(`jobs: ${st.jobs.total ?? 0} (${by(st.jobs.by_status)}); active ${st.jobs.active ?? 0}`);
  if (st.endpoints) lines.push(`endpoints: ${Object.entries(st.endpoints).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  if (lines.length) out.text('\n' + lines.join('\n'));
}

export const nodeView: View<M.ClusterNode> = {
  columns: [
    { header: 'NODE', get: (n) => n.name },
    { header: 'STATUS', get: (n) => n.status ?? (n.connected_nodes.length ? 'connected' : ''), tone: (n) => statusTone(n.status) },
    { header: 'SELF', get: (n) => (n.self || n['self?'] ? 'yes' : '') },
    { header: 'CPU', get: (n) => (n.hardware as Record<string, unknown> | undefined)?.cpu_cores },
    { header: 'MEM GB', get: (n) => (n.hardware as Record<string, unknown> | undefined)?.memory_gb },
    { header: 'GPU', get: (n) => (n.hardware as Record<string, unknown> | undefined)?.gpu_count },
    { header: 'GRPC', get: (n) => n.grpc_host, wide: true },
    { header: 'CONNECTED', get: (n) => n.connected_nodes.length, wide: true },
  ],
  name: (n) => `node/${n.name}`,
};

export function renderSummary(out: Output, sum: M.SystemSummary): void {
  if (out.structured) return out.data(sum);
  out.list(sum.nodes, nodeView, sum);
  if (out.format === 'name') return;
  const counts: Record<string, number> = {};
  for (const j of sum.jobs) counts[j.status] = (counts[j.status] ?? 0) + 1;
  out.text(`\njobs: ${sum.jobs.length}${sum.jobs.length ? ` (${Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(', ')})` : ''}`);
}

export function renderMetrics(out: Output, m: M.Metrics): void {
  out.item(
    [
      ['Jobs', m.jobs?.total],
      ['By status', m.jobs ? Object.entries(m.jobs.by_status).map(([k, v]) => `${k}=${v}`).join(' ') || 'none' : undefined],
      ['Queue depth', m.agents ? `${m.agents.queue_depth_total ?? 0} total, ${m.agents.queue_depth_max ?? 0} max` : undefined],
      ['Pressured agents', m.agents?.pressured],
      ['Nodes', m.nodes?.total],
      ['Source', m.source],
    ],
    m,
  );
}

// ---------------------------------------------------------------- jobs

export const jobView: View<M.JobSummary> = {
  columns: [
    { header: 'JOB ID', get: (j) => j.job_id },
    { header: 'WORKFLOW', get: (j) => j.graph_id },
    { header: 'STATUS', get: (j) => j.status, tone: (j) => statusTone(j.status) },
    { header: 'RECOVERY', get: (j) => j.recovery_status ?? 'normal' },
    { header: 'SUBMITTED', get: (j) => j.submitted_at },
    { header: 'RUN ID', get: (j) => j.run_id, wide: true },
    { header: 'AGENTS', get: (j) => (j.executor_count != null ? `${j.active_executors ?? 0}/${j.executor_count}` : ''), wide: true },
    { header: 'NODES', get: (j) => (j.nodes ?? []).join(','), wide: true },
  ],
  name: (j) => `job/${j.job_id}`,
};

export const eventView: View<M.JobEvent> = {
  columns: [
    { header: 'TIME', get: (e) => e.timestamp },
    { header: 'TYPE', get: (e) => e.type },
    { header: 'AGENT', get: (e) => e.agent_id },
    { header: 'STATUS', get: (e) => e.status, tone: (e) => statusTone(e.status) },
    { header: 'MESSAGE', get: (e) => text(e.message ?? e.reason ?? (e.failure ? `${e.failure.desc} (${e.failure.code})` : '')) },
  ],
  name: (e) => `event/${e.type}`,
};

export function renderJobDetail(out: Output, d: M.JobDetail, id: string): void {
  if (out.structured) return out.data(d);
  const job = d.job ?? {};
  const summary = d.summary ?? {};
  const status = job.status ?? summary.status ?? '';
  const failure = d.failure ?? job.failure ?? summary.failure ?? undefined;
  const obs = d.observability_summary ?? undefined;
  out.item(
    [
      ['Job ID', job.job_id ?? id],
      ['Status', status, statusTone(status)],
      ['Workflow', job.graph_id ?? (summary as Record<string, unknown>).graph_id],
      ['Run ID', job.run_id ?? (summary as Record<string, unknown>).run_id],
      ['Trace', d.trace_id ?? (job as Record<string, unknown>).trace_id],
      ['Events', (summary as Record<string, unknown>).event_count ?? d.events?.length],
      ['Agents', d.agents?.length],
      ['Artifacts', d.artifacts?.length],
      ['Duration', obs?.duration_ms != null ? formatElapsed(obs.duration_ms / 1000) : undefined],
      ['Tokens', (obs?.token_totals as Record<string, unknown> | undefined)?.total_tokens],
      ['Failure', failure ? `${failure.desc} (${failure.code})` : undefined, 'bad'],
    ],
    d,
    `job/${job.job_id ?? id}`,
  );
  if (out.format === 'name') return;
  if (failure) out.text(failureLines(failure).slice(1).map((l) => `  ${l}`).join('\n'));
  const events = d.recent_events ?? [];
  if (events.length) {
    out.text('\nRecent events:');
    out.list(events.slice(-10), eventView);
  }
}

// ---------------------------------------------------------------- workflow progress

export function progressHeadline(p: M.WorkflowProgress): string {
  const done = p.steps.filter((s) => s.status === 'done' || (p.workflow_kind === 'service' && (s.status === 'running' || s.status === 'idle'))).length;
  return `${p.workflow_id ?? p.name ?? p.job_id}  ${done}/${p.steps.length} steps | ${formatElapsed(p.elapsed_seconds)} | ${p.status}`;
}

export const stepView: View<M.ProgressStep> = {
  columns: [
    { header: 'STEP', get: (s) => `${s.current ? '>' : ' '} ${s.id}` },
    { header: 'STATUS', get: (s) => s.status, tone: (s) => statusTone(s.status) },
    { header: 'AGENTS', get: (s) => `${s.agents.filter((a) => a.status === 'done').length}/${s.agents.length}` },
    { header: 'TOKENS', get: (s) => s.agents.reduce((n, a) => n + (a.tokens ?? 0), 0) },
    { header: 'ACTIVITY', get: (s) => s.activity_summary },
    { header: 'LABEL', get: (s) => s.label, wide: true },
  ],
  name: (s) => `step/${s.id}`,
};

export function renderProgress(out: Output, p: M.WorkflowProgress): void {
  if (out.structured) return out.data(p);
  if (out.format !== 'name') out.text(progressHeadline(p));
  out.list(p.steps, stepView, p);
  if (out.format === 'name') return;
  const tail: string[] = [];
  const latest = (p as Record<string, unknown>).latest_event as { type?: string; message?: string } | undefined;
  if (latest) tail.push(`latest event: ${latest.message ?? latest.type}`);
  else if (p.messages?.length) tail.push(`latest event: ${text(p.messages[p.messages.length - 1])}`);
  if (p.resource_tokens != null) tail.push(`run tokens: ${p.resource_tokens}`);
  if (p.warning) tail.push(`warning: ${p.warning}`);
  if (p.failure) tail.push(...failureLines(p.failure).map((l, i) => (i ? `  ${l}` : `failure: ${l}`)));
  if (tail.length) out.text(tail.join('\n'));
}

export const deadLetterView: View<M.DeadLetter> = {
  columns: [
    { header: 'INDEX', get: (d) => d.index },
    { header: 'TIME', get: (d) => d.timestamp },
    { header: 'AGENT', get: (d) => d.agent_id },
    { header: 'REASON', get: (d) => text(d.reason), tone: () => 'bad' },
    { header: 'MESSAGE', get: (d) => text(d.message) },
  ],
  name: (d) => `dead-letter/${d.index}`,
};

// ---------------------------------------------------------------- blueprints

export const blueprintView: View<M.Blueprint> = {
  columns: [
    { header: 'ID', get: (b) => b.id },
    { header: 'NAME', get: (b) => b.name },
    { header: 'CATEGORY', get: (b) => b.category },
    { header: 'INSTALLED', get: (b) => (b.installed === true ? 'yes' : b.installed === false ? 'no' : ''), tone: (b) => (b.installed === false ? 'warn' : undefined) },
    { header: 'MODELS', get: (b) => (b.models ?? []).join(','), wide: true },
    { header: 'DESCRIPTION', get: (b) => b.description, wide: true },
  ],
  name: (b) => `blueprint/${b.id}`,
};

export function renderBlueprint(out: Output, b: M.Blueprint, raw: unknown): void {
  out.item(
    [
      ['ID', b.id],
      ['Name', b.name],
      ['Category', b.category],
      ['Description', b.description],
      ['Agent role', b.agent_role],
      ['Models', (b.models ?? []).join(', ') || undefined],
      ['Installed', b.installed == null ? undefined : b.installed ? 'yes' : 'no', b.installed === false ? 'warn' : 'ok'],
      ['Path', b.path],
    ],
    raw,
    `blueprint/${b.id}`,
  );
}

export const issueView: View<M.ValidationIssue> = {
  columns: [
    { header: 'SEVERITY', get: (i) => i.severity ?? 'error', tone: (i) => (i.severity === 'warning' ? 'warn' : 'bad') },
    { header: 'LOCATION', get: (i) => [i.location?.source, i.location?.path].filter(Boolean).join(':') },
    { header: 'MESSAGE', get: (i) => i.message },
    { header: 'HELP', get: (i) => i.help },
    { header: 'CODE', get: (i) => i.code, wide: true },
  ],
  name: (i) => `issue/${i.code ?? 'issue'}`,
};

export function renderValidation(out: Output, v: M.BlueprintValidate, subject: string): void {
  if (out.structured) return out.data(v);
  const r = v.validation;
  const errors = r.issues.filter((i) => (i.severity ?? 'error') === 'error').length;
  const warnings = r.issues.length - errors;
  out.text(`${subject}: ${r.ok ? 'valid' : 'invalid'}${r.status ? ` (${r.status})` : ''}, ${errors} error(s), ${warnings} warning(s)`);
  if (r.issues.length) out.list(r.issues, issueView);
  else if (!r.ok && r.errors.length) out.text(r.errors.map((e) => `- ${text(e)}`).join('\n'));
}

export const phaseView: View<Record<string, unknown> & { id: string; status: string }> = {
  columns: [
    { header: 'PHASE', get: (p) => p.id },
    { header: 'STATUS', get: (p) => p.status, tone: (p) => statusTone(p.status) },
    { header: 'MESSAGE', get: (p) => p.message },
    { header: 'UPDATED', get: (p) => p.updated_at, wide: true },
  ],
  name: (p) => `phase/${p.id}`,
};

export function renderLaunchProgress(out: Output, p: M.LaunchProgress): void {
  if (out.structured) return out.data(p);
  if (out.format !== 'name') out.text(`launch ${p.progress_id}: ${p.status}${p.current_phase ? ` (phase ${p.current_phase})` : ''}; run ${p.run_id ?? '-'}; job ${p.job_id ?? '-'}`);
  out.list(p.phases, phaseView, p);
  if (p.error && out.format !== 'name') out.text(`error: ${text((p.error as Record<string, unknown>).message ?? p.error)}`);
}

// ---------------------------------------------------------------- runs

export const artifactView: View<M.ArtifactRef> = {
  columns: [
    { header: 'PATH', get: (a) => a.relative_path ?? a.path ?? a.name },
    { header: 'ID', get: (a) => a.artifact_id },
    { header: 'SIZE', get: (a) => formatBytes(a.size_bytes) ?? '-' },
    { header: 'TYPE', get: (a) => a.content_type },
    { header: 'SHA256', get: (a) => a.sha256, wide: true },
    { header: 'URL', get: (a) => a.url, wide: true },
  ],
  name: (a) => `artifact/${a.relative_path ?? a.artifact_id ?? a.name}`,
};

export const outputView: View<M.ArtifactRef> = {
  columns: [
    { header: '#', get: (a) => (a.url ? a.url.split('/').pop() : '') },
    { header: 'NAME', get: (a) => a.name },
    { header: 'PATH', get: (a) => a.relative_path ?? a.path },
    { header: 'SIZE', get: (a) => formatBytes(a.size_bytes) ?? '-' },
    { header: 'SOURCE', get: (a) => a.source, wide: true },
    { header: 'URL', get: (a) => a.url, wide: true },
  ],
  name: (a) => `output/${a.name ?? a.relative_path}`,
};

export const runEventView: View<M.RunEvent> = {
  columns: [
    { header: 'TIME', get: (e) => e.ts ?? e.timestamp },
    { header: 'TYPE', get: (e) => e.type },
    { header: 'AGENT', get: (e) => (e as Record<string, unknown>).agent_id },
    { header: 'MESSAGE', get: (e) => text((e as Record<string, unknown>).message ?? (e.payload as Record<string, unknown> | undefined)?.prompt ?? '') },
  ],
  name: (e) => `event/${e.type}`,
};

export function logLine(l: M.RunLog): string {
  return `${l.ts ?? ''} ${(l.level ?? '').padEnd(5)} ${l.component ?? ''}: ${text(l.message)}`;
}

export const timelineView: View<M.TimelineRecord> = {
  columns: [
    { header: 'TIME', get: (t) => t.ts },
    { header: 'TYPE', get: (t) => t.type },
    { header: 'STATUS', get: (t) => t.status, tone: (t) => statusTone(t.status) },
    { header: 'SUMMARY', get: (t) => t.summary },
    { header: 'PHASE', get: (t) => t.phase, wide: true },
  ],
  name: (t) => `timeline/${t.type}`,
};

export const humanView: View<M.HumanRecord> = {
  columns: [
    { header: 'ID', get: (h) => h.payload?.request_id ?? h.payload?.notice_id },
    { header: 'TYPE', get: (h) => h.type },
    { header: 'STATUS', get: (h) => h.status, tone: (h) => statusTone(h.status) },
    { header: 'TIME', get: (h) => h.ts },
    { header: 'TEXT', get: (h) => h.payload?.prompt ?? h.payload?.message },
  ],
  name: (h) => `human/${h.payload?.request_id ?? h.payload?.notice_id ?? h.type}`,
};

export function renderObservability(out: Output, o: M.ObservabilitySummary): void {
  out.item(
    [
      ['Run ID', o.run_id],
      ['Status', o.status, statusTone(o.status)],
      ['Duration', o.duration_ms != null ? formatElapsed(o.duration_ms / 1000) : undefined],
      ['Counts', o.counts ? Object.entries(o.counts).map(([k, v]) => `${k}=${v}`).join(' ') : undefined],
      ['Retries', o.retry_count],
      ['Peak memory MB', (o.resource_peaks as Record<string, unknown> | undefined)?.max_memory_rss_mb],
      ['Tokens', (o.token_totals as Record<string, unknown> | undefined)?.total_tokens],
      ['Trace', o.trace_id],
    ],
    o,
    `run/${o.run_id}`,
  );
}

export function renderResources(out: Output, r: M.ResourceRollup): void {
  const x = r as Record<string, Record<string, unknown> | unknown>;
  const cpu = x.cpu as Record<string, unknown> | undefined;
  const mem = x.memory as Record<string, unknown> | undefined;
  const llm = x.llm as Record<string, unknown> | undefined;
  out.item(
    [
      ['Run ID', r.run_id],
      ['Window', x.window as string | undefined],
      ['Samples', r.sample_count],
      ['CPU', cpu ? `avg ${cpu.avg_pct}% max ${cpu.max_pct}%` : undefined],
      ['Memory', mem ? `max ${mem.max_rss_mb} MB` : undefined],
      ['LLM tokens', llm ? `${llm.total_tokens} (${llm.input_tokens} in, ${llm.output_tokens} out, ${llm.calls} calls${llm.estimated ? ', estimated' : ''})` : undefined],
    ],
    r,
    `run/${r.run_id}`,
  );
}

// ---------------------------------------------------------------- models, services, resources

export const modelView: View<M.ModelEntry> = {
  columns: [
    { header: 'MODEL', get: (m) => m.id },
    { header: 'DOCKER MODEL', get: (m) => m.docker_model },
    { header: 'INSTALLED', get: (m) => (m.installed ? 'yes' : 'no'), tone: (m) => (m.installed ? 'ok' : 'warn') },
    { header: 'USED BY', get: (m) => (m.used_by ?? []).join(',') },
    { header: 'ORPHANED', get: (m) => (m.orphaned ? 'yes' : ''), wide: true },
    { header: 'NODES', get: (m) => (m.nodes ?? []).length, wide: true },
  ],
  name: (m) => `model/${m.id}`,
};

export const serviceView: View<M.Service> = {
  columns: [
    { header: 'ID', get: (s) => s.id },
    { header: 'NAME', get: (s) => s.name },
    { header: 'STATUS', get: (s) => s.status, tone: (s) => statusTone(s.status) },
    { header: 'ADDRESS', get: (s) => (s.address ? `${s.address}${s.port ? `:${s.port}` : ''}` : '') },
    { header: 'TAGS', get: (s) => (s.tags ?? []).join(',') },
    { header: 'NODE', get: (s) => s.node, wide: true },
    { header: 'JOB', get: (s) => s.job_id, wide: true },
  ],
  // by name, what `service resolve NAME` takes (the instance id is the ID column)
  name: (s) => `service/${s.name}`,
};

export function renderResource(out: Output, r: M.ResourceInfo): void {
  if (out.structured) return out.data(r);
  const c = (r.combined ?? {}) as Record<string, unknown>;
  const l = r.limits ?? {};
  out.item(
    [
      ['Mode', r.mode],
      ['Nodes', r.node_count],
      ['CPU cores', c.cpu_cores],
      ['Memory GB', c.memory_gb != null ? `${c.memory_gb} of ${c.memory_total_gb ?? '?'}` : undefined],
      ['GPUs', c.gpu_count],
      ['Limits', `cpu ${l.cpu ?? '-'}%  gpu ${l.gpu ?? '-'}%  memory ${l.memory ?? '-'}%  disk ${l.disk ?? '-'}%`],
    ],
    r,
  );
}

// ---------------------------------------------------------------- schedules and events

export const scheduleView: View<M.Schedule> = {
  columns: [
    { header: 'ID', get: (s) => s.schedule_id },
    { header: 'NAME', get: (s) => s.name },
    { header: 'KIND', get: (s) => s.kind },
    { header: 'STATUS', get: (s) => s.status, tone: (s) => statusTone(s.status) },
    { header: 'WHEN', get: (s) => (s.crons?.length ? s.crons.join(' | ') : ((s as Record<string, unknown>).event_type as string) ?? ((s as Record<string, unknown>).run_at as string) ?? '') },
    { header: 'NEXT RUN', get: (s) => s.next_run_at },
    { header: 'DISPATCHED', get: (s) => s.dispatch_count, wide: true },
    { header: 'MISSED', get: (s) => s.missed_count, wide: true },
    { header: 'LAST JOB', get: (s) => s.last_dispatch?.job_id, wide: true },
  ],
  name: (s) => `schedule/${s.schedule_id}`,
};

export function renderSchedule(out: Output, s: M.Schedule, raw: unknown = s): void {
  const x = s as Record<string, unknown>;
  out.item(
    [
      ['Schedule ID', s.schedule_id],
      ['Name', s.name],
      ['Kind', s.kind],
      ['Status', s.status, statusTone(s.status)],
      ['Crons', s.crons?.length ? s.crons.join(' | ') : undefined],
      ['Run at', (x.run_at as string | null) ?? undefined],
      ['Event', (x.event_type as string | null) ?? undefined],
      ['Filter', x.filter ? JSON.stringify(x.filter) : undefined],
      ['Timezone', s.timezone],
      ['Next run', s.next_run_at ?? undefined],
      ['Last dispatch', s.last_dispatch ? `${s.last_dispatch.at ?? ''} job ${s.last_dispatch.job_id ?? '-'} (${s.last_dispatch.reason ?? ''})` : undefined],
      ['Dispatched', s.dispatch_count],
      ['Missed', s.missed_count],
      ['Child jobs', s.child_job_ids?.length ? s.child_job_ids.slice(-5).join(', ') : undefined],
    ],
    raw,
    `schedule/${s.schedule_id}`,
  );
}

export const triggerEventView: View<M.TriggerEvent> = {
  columns: [
    { header: 'EVENT ID', get: (e) => e.event_id },
    { header: 'TYPE', get: (e) => e.event_type },
    { header: 'SOURCE', get: (e) => e.source },
    { header: 'EMITTED', get: (e) => e.emitted_at },
    { header: 'DISPATCHED', get: (e) => (e.dispatched ?? []).map((d) => d.job_id ?? `${d.schedule_id}:skipped`).join(',') },
    { header: 'PAYLOAD', get: (e) => text(e.payload), wide: true },
  ],
  name: (e) => `event/${e.event_id}`,
};
