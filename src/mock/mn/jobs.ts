/**
 * The simulated MirrorNeuron job runtime behind the mock mn-api: submitted manifests become jobs
 * that move pending -> running -> completed|failed (pause through pausing, cancel through
 * cancelling) on the scenario's simulated clock, step by step and agent by agent, emitting runtime
 * events, workflow-progress snapshots, dead letters for a failing node, and run-store records
 * (timeline, logs, resources, human review requests, artifacts).
 *
 * Time is simulated as a discrete-event loop: every read first advances each job to `clock.now()`,
 * applying each transition at the exact simulated time it was due, so timestamps do not depend on
 * when a client happens to ask.
 */
import { createHash } from 'node:crypto';
import type { Rng } from '../rng.js';
import type { MnScenario } from './scenario.js';
import { isTerminalJobStatus, type JobStatus } from '../../vocab/mn.js';

type AgentStatus = 'pending' | 'running' | 'done' | 'failed' | 'cancelled';
type StepStatus = 'pending' | 'ready' | 'running' | 'done' | 'failed' | 'cancelled';

export interface FailSpec {
  code: string;
  desc: string;
  message: string;
  category: string;
  remediation: string;
}

interface Activity {
  timestamp: string;
  type: string;
  step_id?: string;
  agent_id?: string;
  status?: string;
  message?: string;
  failure?: Record<string, unknown>;
}

interface AgentState {
  id: string;
  alias: string;
  display_name: string;
  role: string;
  status: AgentStatus;
  assigned_node: string;
  tokens: number;
  tools: number;
  recent: Activity[];
}

interface StepState {
  id: string;
  label: string;
  status: StepStatus;
  durationMs: number;
  fail?: FailSpec;
  human: boolean;
  agents: AgentState[];
  recent: Activity[];
}

export interface RuntimeEvent {
  type: string;
  timestamp: string;
  agent_id?: string;
  status?: string;
  message?: string;
  payload: Record<string, unknown>;
  failure?: Record<string, unknown>;
  reason?: string;
}

export type Channel = 'events' | 'logs' | 'human' | 'resources' | 'timeline';

export interface StoreRecord {
  seq: number;
  channel: Channel;
  data: Record<string, unknown>;
}

export interface HumanItem {
  id: string;
  kind: 'request' | 'notice';
  status: 'pending' | 'answered' | 'acknowledged';
  record: Record<string, unknown>;
}

export interface Job {
  id: string;
  runId: string;
  traceId: string;
  workflowId: string;
  name: string;
  description: string;
  jobName: string;
  manifest: Record<string, unknown>;
  payloadNames: string[];
  source: 'manifest' | 'bundle' | 'blueprint' | 'schedule';
  blueprintId?: string;
  scheduleId?: string;
  video: boolean;
  status: JobStatus;
  submittedAt: number;
  updatedAt: number;
  startedAt?: number;
  endedAt?: number;
  steps: StepState[];
  stepIdx: number;
  agentsDone: number;
  /** Running time spent in the current step, simulated ms. */
  progressMs: number;
  /** Simulated time the job has been advanced to. */
  clock: number;
  /** End of the current pausing/cancelling transition. */
  transitionAt?: number;
  events: RuntimeEvent[];
  deadLetters: Array<Record<string, unknown>>;
  failure?: Record<string, unknown>;
  resourceTokens: number;
  store: StoreRecord[];
  human: HumanItem[];
  retryCount: number;
  peakMemoryMb: number;
}

export interface NewJob {
  manifest: Record<string, unknown>;
  payloadNames?: string[];
  source: Job['source'];
  blueprintId?: string;
  scheduleId?: string;
  runId?: string;
  video?: boolean;
  at?: number;
  /** Force this step id to fail (seeded failed jobs). */
  failStep?: string;
}

const iso = (ms: number) => new Date(ms).toISOString();

function hex(rng: Rng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += rng.int(0, 15).toString(16);
  return s;
}

function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'job';
}

function asObj(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function asArr(v: unknown): Record<string, unknown>[] {
  return Array.isArray(v) ? (v.map(asObj).filter(Boolean) as Record<string, unknown>[]) : [];
}

function s(v: unknown): string | undefined {
  return typeof v === 'string' && v ? v : undefined;
}

/** Order items so that every edge goes forward (stable: keeps the given order where the graph allows). */
function topoOrder(ids: string[], edges: Array<[string, string]>): string[] {
  const indeg = new Map(ids.map((id) => [id, 0]));
  const next = new Map<string, string[]>();
  for (const [a, b] of edges) {
    if (!indeg.has(a) || !indeg.has(b) || a === b) continue;
    indeg.set(b, indeg.get(b)! + 1);
    next.set(a, [...(next.get(a) ?? []), b]);
  }
  const out: string[] = [];
  const ready = ids.filter((id) => indeg.get(id) === 0);
  while (ready.length) {
    const id = ready.shift()!;
    out.push(id);
    for (const n of next.get(id) ?? []) {
      indeg.set(n, indeg.get(n)! - 1);
      if (indeg.get(n) === 0) {
        // keep manifest order among ready steps
        const pos = ready.findIndex((r) => ids.indexOf(r) > ids.indexOf(n));
        if (pos < 0) ready.push(n);
        else ready.splice(pos, 0, n);
      }
    }
  }
  for (const id of ids) if (!out.includes(id)) out.push(id); // cycles: append the rest
  return out;
}

export class JobRuntime {
  readonly jobs = new Map<string, Job>();
  readonly runs = new Map<string, Job>();
  private order: string[] = [];

  constructor(
    private readonly cfg: MnScenario,
    private readonly rng: Rng,
    private readonly nodes: () => string[],
    private readonly now: () => number,
  ) {}

  // ------------------------------------------------------------------ creating jobs

  create(input: NewJob): Job {
    const m = input.manifest;
    const at = input.at ?? this.now();
    const wf = asObj(m.workflow);
    const workflowId = s(wf?.workflow_id) ?? s(m.graph_id) ?? s(m.id) ?? 'workflow';
    const jobName = s(m.job_name) ?? s(m.name) ?? workflowId;
    let id = `${slug(jobName)}-${hex(this.rng, 8)}`;
    while (this.jobs.has(id)) id = `${slug(jobName)}-${hex(this.rng, 8)}`;
    const stamp = iso(at).replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
    const runId = input.runId ?? `${slug(input.blueprintId ?? workflowId)}-${stamp}-${hex(this.rng, 4)}`;
    const job: Job = {
      id,
      runId,
      traceId: `trc_${hex(this.rng, 16)}`,
      workflowId,
      name: s(m.name) ?? jobName,
      description: s(asObj(m.metadata)?.description) ?? s(m.description) ?? `Workflow ${workflowId}`,
      jobName,
      manifest: m,
      payloadNames: input.payloadNames ?? [],
      source: input.source,
      blueprintId: input.blueprintId,
      scheduleId: input.scheduleId,
      video: input.video ?? false,
      status: 'pending',
      submittedAt: at,
      updatedAt: at,
      steps: this.buildSteps(m, input.failStep),
      stepIdx: 0,
      agentsDone: 0,
      progressMs: 0,
      clock: at,
      events: [],
      deadLetters: [],
      resourceTokens: 0,
      store: [],
      human: [],
      retryCount: 0,
      peakMemoryMb: 0,
    };
    this.jobs.set(id, job);
    this.runs.set(runId, job);
    this.order.push(id);
    this.emit(job, at, 'job_pending', { message: `Job ${id} accepted` });
    this.timeline(job, at, 'run_created', 'pending', 'Run created');
    this.log(job, at, 'INFO', 'runtime', `job ${id} submitted (${job.steps.length} steps, ${job.steps.reduce((n, st) => n + st.agents.length, 0)} agents)`);
    return job;
  }

  private buildSteps(m: Record<string, unknown>, forcedFail?: string): StepState[] {
    const wf = asObj(m.workflow);
    const bindings = asObj(asObj(m.runtime)?.bindings) ?? {};
    const nodes = this.nodes();
    let n = 0;
    const agentOf = (a: Record<string, unknown>, fallback: string, role: string): AgentState => {
      const id = s(a.id) ?? s(a.node_id) ?? fallback;
      return { id, alias: s(a.alias) ?? id.split(':').pop()!, display_name: s(a.display_name) ?? id, role: s(a.role) ?? role, status: 'pending', assigned_node: nodes[n++ % nodes.length], tokens: 0, tools: 0, recent: [] };
    };
    type Raw = { id: string; label: string; run: string; sim: Record<string, unknown>; control: Record<string, unknown>; agents: Record<string, unknown>[] };
    let raw: Raw[];
    let edges: Array<[string, string]>;
    if (wf && Array.isArray(wf.steps)) {
      raw = asArr(wf.steps).map((st) => {
        const id = s(st.id) ?? 'step';
        const run = s(st.run) ?? id;
        const b = asObj(bindings[run]) ?? {};
        const workers = asArr(b.workers);
        const one = asObj(b.worker);
        return { id, label: s(st.label) ?? id, run, sim: asObj(st.simulate) ?? {}, control: asObj(st.control) ?? {}, agents: workers.length ? workers : one ? [one] : [] };
      });
      edges = asArr(wf.edges).map((e) => [s(e.from) ?? '', s(e.to) ?? '']);
    } else {
      // legacy manifests: one step per node
      raw = asArr(m.nodes).map((nd) => {
        const id = s(nd.node_id) ?? 'node';
        return { id, label: s(nd.role) ?? id, run: id, sim: asObj(nd.simulate) ?? {}, control: {}, agents: [{ id, role: s(nd.agent_type) ?? 'executor' }] };
      });
      edges = asArr(m.edges).map((e) => [s(e.from_node) ?? '', s(e.to_node) ?? '']);
    }
    const byId = new Map(raw.map((r) => [r.id, r]));
    return topoOrder(
      raw.map((r) => r.id),
      edges,
    ).map((id) => {
      const r = byId.get(id)!;
      const failCfg = r.sim.fail;
      let fail: FailSpec | undefined;
      if (failCfg || this.cfg.fail_steps.includes(id) || forcedFail === id) {
        const f = asObj(failCfg) ?? {};
        fail = {
          code: s(f.code) ?? this.cfg.failure.code,
          desc: s(f.desc) ?? this.cfg.failure.desc,
          message: s(f.message) ?? this.cfg.failure.message,
          category: s(f.category) ?? this.cfg.failure.category,
          remediation: s(f.remediation) ?? this.cfg.failure.remediation,
        };
      }
      const dur = typeof r.sim.duration_seconds === 'number' && r.sim.duration_seconds > 0 ? r.sim.duration_seconds : this.cfg.step_seconds;
      const uncertainty = asObj(r.control.uncertainty);
      const human = r.sim.human_review === true || uncertainty?.on_low_confidence === 'human_review' || /review/i.test(id);
      const agents = (r.agents.length ? r.agents : [{ id: `${id}:worker`, role: r.label }]).map((a, i) => agentOf(a, `${id}:worker${i ? i + 1 : ''}`, r.label));
      return { id, label: r.label, status: 'pending' as StepStatus, durationMs: dur * 1000, fail, human, agents, recent: [] };
    });
  }

  // ------------------------------------------------------------------ records

  private seq = 0;

  private push(job: Job, channel: Channel, data: Record<string, unknown>): void {
    job.store.push({ seq: ++this.seq, channel, data });
  }

  /** Add a record to a run's store (human responses and acknowledgements). */
  append(job: Job, channel: Channel, data: Record<string, unknown>): void {
    this.push(job, channel, data);
  }

  private emit(job: Job, at: number, type: string, extra: Partial<RuntimeEvent> & { step?: string } = {}): RuntimeEvent {
    const { step, ...rest } = extra;
    const ev: RuntimeEvent = { type, timestamp: iso(at), ...rest, payload: { run_id: job.runId, ...(step ? { step } : {}), ...(rest.agent_id ? { worker: rest.agent_id } : {}), ...(rest.payload ?? {}) } };
    job.events.push(ev);
    job.updatedAt = at;
    const rec: Record<string, unknown> = { ts: ev.timestamp, run_id: job.runId, blueprint_id: job.blueprintId ?? null, channel: 'events', type, trace_id: job.traceId };
    if (ev.agent_id) rec.agent_id = ev.agent_id;
    if (step) rec.step_id = step;
    if (ev.message) rec.message = ev.message;
    if (ev.failure) rec.failure = ev.failure;
    this.push(job, 'events', rec);
    if (step) {
      const st = job.steps.find((x) => x.id === step);
      const act: Activity = { timestamp: ev.timestamp, type, step_id: step, agent_id: ev.agent_id, status: ev.status, message: ev.message, failure: ev.failure };
      if (st) {
        st.recent = [...st.recent, act].slice(-8);
        const ag = ev.agent_id ? st.agents.find((a) => a.id === ev.agent_id) : undefined;
        if (ag) ag.recent = [...ag.recent, act].slice(-8);
      }
    }
    return ev;
  }

  private log(job: Job, at: number, level: 'INFO' | 'WARN' | 'ERROR' | 'DEBUG', component: string, message: string): void {
    this.push(job, 'logs', { ts: iso(at), run_id: job.runId, blueprint_id: job.blueprintId ?? null, level, component, message });
  }

  private timeline(job: Job, at: number, type: string, status: string, summary: string, phase?: string): void {
    this.push(job, 'timeline', { schema_version: 'mn.timeline.v1', ts: iso(at), run_id: job.runId, blueprint_id: job.blueprintId ?? null, trace_id: job.traceId, span_id: `spn_${hex(this.rng, 8)}`, type, ...(phase ? { phase } : {}), status, summary });
  }

  private sample(job: Job, at: number, component: string, tokens: number): void {
    const mem = 180 + this.rng.int(0, 220);
    job.peakMemoryMb = Math.max(job.peakMemoryMb, mem);
    const input = Math.round(tokens * 0.7);
    this.push(job, 'resources', { ts: iso(at), run_id: job.runId, blueprint_id: job.blueprintId ?? null, component, cpu_pct: this.rng.int(5, 95), memory_rss_mb: mem, gpu: [], llm: { input_tokens: input, output_tokens: tokens - input, total_tokens: tokens, calls: this.rng.int(1, 4), estimated: true } });
  }

  private humanRequest(job: Job, at: number, step: StepState): void {
    const id = `hr-${hex(this.rng, 6)}`;
    const record = { ts: iso(at), run_id: job.runId, channel: 'human', type: 'human_input_requested', status: 'pending', payload: { request_id: id, step_id: step.id, prompt: `Review the output of "${step.label}" and approve or reject it.`, options: ['approve', 'reject'] } };
    job.human.push({ id, kind: 'request', status: 'pending', record });
    this.push(job, 'human', record);
    this.emit(job, at, 'human_input_requested', { step: step.id, message: `Human review requested (${id})` });
    this.timeline(job, at, 'human_review_requested', 'pending', `Human review requested for ${step.label}`);
  }

  private humanNotice(job: Job, at: number, message: string): void {
    const id = `hn-${hex(this.rng, 6)}`;
    const record = { ts: iso(at), run_id: job.runId, channel: 'human', type: 'human_notice', status: 'pending', payload: { notice_id: id, message } };
    job.human.push({ id, kind: 'notice', status: 'pending', record });
    this.push(job, 'human', record);
  }

  // ------------------------------------------------------------------ the clock

  /** Advance every unfinished job to now. */
  tick(now = this.now()): void {
    for (const job of this.jobs.values()) if (!isTerminalJobStatus(job.status) && job.status !== 'paused') this.advance(job, now);
  }

  advance(job: Job, now: number): void {
    for (let guard = 0; guard < 100_000; guard++) {
      const next = this.nextTransition(job);
      if (next > now) break;
      if (job.status === 'running') job.progressMs += Math.max(0, next - job.clock);
      job.clock = Math.max(job.clock, next);
      this.apply(job, job.clock);
    }
    if (now > job.clock) {
      if (job.status === 'running') job.progressMs += now - job.clock;
      job.clock = now;
    }
  }

  private agentDue(step: StepState, k: number): number {
    return (step.durationMs * (k + 1)) / step.agents.length;
  }

  private nextTransition(job: Job): number {
    switch (job.status) {
      case 'pending':
        return job.submittedAt + this.cfg.start_delay_seconds * 1000;
      case 'running': {
        const step = job.steps[job.stepIdx];
        if (!step) return job.clock;
        if (step.status !== 'running') return job.clock;
        let due = this.agentDue(step, job.agentsDone);
        if (step.fail) due = Math.min(due, step.durationMs * 0.6);
        return job.clock + Math.max(0, due - job.progressMs);
      }
      case 'pausing':
      case 'cancelling':
        return job.transitionAt ?? job.clock;
      default:
        return Infinity;
    }
  }

  private apply(job: Job, at: number): void {
    switch (job.status) {
      case 'pending':
        job.status = 'running';
        job.startedAt = at;
        this.emit(job, at, 'job_running', { status: 'running', message: 'Job started' });
        this.timeline(job, at, 'run_started', 'started', 'Run started');
        this.log(job, at, 'INFO', 'runtime', `job ${job.id} running on ${[...new Set(job.steps.flatMap((st) => st.agents.map((a) => a.assigned_node)))].join(', ')}`);
        return;
      case 'running':
        return this.applyRunning(job, at);
      case 'pausing':
        job.status = 'paused';
        job.transitionAt = undefined;
        this.emit(job, at, 'job_paused', { status: 'paused', message: 'Job paused' });
        this.timeline(job, at, 'run_paused', 'paused', 'Run paused');
        this.log(job, at, 'INFO', 'runtime', `job ${job.id} paused`);
        return;
      case 'cancelling':
        return this.finish(job, at, 'cancelled');
      default:
        return;
    }
  }

  private applyRunning(job: Job, at: number): void {
    const step = job.steps[job.stepIdx];
    if (!step) return this.finish(job, at, 'completed');
    if (step.status !== 'running') {
      step.status = 'running';
      job.progressMs = 0;
      job.agentsDone = 0;
      this.emit(job, at, 'step_started', { step: step.id, status: 'running', message: `Step started: ${step.label}` });
      for (const a of step.agents) {
        a.status = 'running';
        this.emit(job, at, 'agent_started', { step: step.id, agent_id: a.id, status: 'running', message: `Agent started: ${a.id}` });
      }
      this.timeline(job, at, 'step_started', 'started', `Step started: ${step.label}`, step.id);
      this.log(job, at, 'INFO', step.id, `step ${step.id} started with ${step.agents.length} agent(s)`);
      if (step.human) this.humanRequest(job, at, step);
      return;
    }
    const failAt = step.fail ? step.durationMs * 0.6 : Infinity;
    if (failAt <= this.agentDue(step, job.agentsDone) && job.progressMs >= failAt - 0.5) return this.failStep(job, at, step);
    const agent = step.agents[job.agentsDone];
    const tokens = 200 + this.rng.int(0, 1300);
    agent.status = 'done';
    agent.tokens += tokens;
    agent.tools += this.rng.int(0, 4);
    job.resourceTokens += tokens;
    job.agentsDone++;
    this.emit(job, at, 'agent_completed', { step: step.id, agent_id: agent.id, status: 'done', message: `Agent completed: ${agent.id}`, payload: { tokens } });
    this.sample(job, at, agent.id, tokens);
    this.log(job, at, 'INFO', agent.id, `agent ${agent.id} completed (${tokens} tokens)`);
    if (this.rng.chance(0.15)) {
      job.retryCount++;
      this.log(job, at, 'WARN', agent.id, `agent ${agent.id} retried a model call after a transient error`);
    }
    if (job.agentsDone >= step.agents.length) {
      step.status = 'done';
      this.emit(job, at, 'step_completed', { step: step.id, status: 'done', message: `Step completed: ${step.label}` });
      this.timeline(job, at, 'step_completed', 'completed', `Step completed: ${step.label}`, step.id);
      job.stepIdx++;
      job.progressMs = 0;
      job.agentsDone = 0;
      if (job.stepIdx >= job.steps.length) this.finish(job, at, 'completed');
    }
  }

  private failStep(job: Job, at: number, step: StepState): void {
    const agent = step.agents[Math.min(job.agentsDone, step.agents.length - 1)];
    const f = step.fail!;
    const eventId = `evt_${hex(this.rng, 12)}`;
    const failure = {
      schema_version: 'mn.error.v1',
      code: f.code.slice(0, 128),
      desc: f.desc.slice(0, 160),
      details: { message: f.message.slice(0, 2048), category: f.category, retryable: false, reason_type: 'string', component: 'workflow', step_id: step.id, agent_id: agent.id, attempt: 3, max_attempts: 3, node: agent.assigned_node },
      severity: 'ERROR',
      occurred_at: iso(at),
      event_id: eventId,
      trace_id: job.traceId,
      span_id: `spn_${hex(this.rng, 8)}`,
      remediation: f.remediation,
      links: [
        { rel: 'errors', artifact_id: 'errors_jsonl' },
        { rel: 'events', artifact_id: 'events_jsonl' },
        { rel: 'logs', artifact_id: 'logs_jsonl' },
      ],
    };
    job.retryCount += 2;
    agent.status = 'failed';
    step.status = 'failed';
    this.emit(job, at, 'agent_failed', { step: step.id, agent_id: agent.id, status: 'failed', message: f.desc, failure, reason: f.desc });
    this.log(job, at, 'ERROR', agent.id, `${f.code}: ${f.message}`);
    // messages the failed agent could not hand on become dead letters
    const downstream = job.steps[job.stepIdx + 1]?.agents ?? [];
    const targets = downstream.length ? downstream.slice(0, 2) : [agent];
    for (const t of targets) {
      this.emit(job, at, 'dead_letter', { step: step.id, agent_id: agent.id, status: 'failed', message: `message to ${t.id} dropped: ${agent.id} failed` });
      job.deadLetters.push({ index: job.deadLetters.length, event_index: job.events.length - 1, agent_id: agent.id, reason: downstream.length ? 'agent failed before delivery' : 'processing failed', timestamp: iso(at), message: { to: t.id, type: 'step_output', step_id: step.id } });
    }
    job.failure = failure;
    this.timeline(job, at, 'step_failed', 'failed', `Step failed: ${step.label}: ${f.desc}`, step.id);
    this.finish(job, at, 'failed');
  }

  private finish(job: Job, at: number, status: 'completed' | 'failed' | 'cancelled'): void {
    job.status = status;
    job.endedAt = at;
    job.transitionAt = undefined;
    for (const st of job.steps) {
      if (status === 'cancelled' && (st.status === 'running' || st.status === 'pending')) st.status = 'cancelled';
      for (const a of st.agents) if (status !== 'completed' && (a.status === 'running' || a.status === 'pending')) a.status = 'cancelled';
    }
    const summary = status === 'completed' ? 'Run completed' : status === 'failed' ? `Run failed: ${String(job.failure?.desc ?? 'failure')}` : 'Run cancelled';
    this.emit(job, at, `job_${status}`, { status, message: summary, failure: status === 'failed' ? job.failure : undefined });
    this.timeline(job, at, `run_${status}`, status, summary);
    this.log(job, at, status === 'failed' ? 'ERROR' : 'INFO', 'runtime', `job ${job.id} ${status}`);
    if (status === 'completed') this.humanNotice(job, at, `Run ${job.runId} completed; the final report is ready.`);
    if (status === 'failed') this.humanNotice(job, at, `Run ${job.runId} failed: ${String(job.failure?.desc ?? '')}`);
  }

  // ------------------------------------------------------------------ control

  /** pause / resume / cancel: the new status, or an error message when the job cannot do it. */
  control(job: Job, action: 'pause' | 'resume' | 'cancel', now = this.now()): { status: JobStatus } | { error: string } {
    this.advance(job, now);
    const t = this.cfg.transition_seconds * 1000;
    switch (action) {
      case 'pause':
        if (job.status === 'pausing' || job.status === 'paused') return { status: job.status };
        if (job.status !== 'running' && job.status !== 'pending') return { error: `job ${job.id} cannot be paused: it is ${job.status}` };
        job.status = 'pausing';
        job.transitionAt = now + t;
        this.emit(job, now, 'job_pausing', { status: 'pausing', message: 'Pause requested' });
        this.advance(job, now);
        return { status: job.status };
      case 'resume':
        if (job.status === 'running') return { status: job.status };
        if (job.status !== 'paused' && job.status !== 'pausing') return { error: `job ${job.id} cannot be resumed: it is ${job.status}` };
        job.status = job.startedAt === undefined ? 'pending' : 'running';
        if (job.status === 'pending') job.submittedAt = now - this.cfg.start_delay_seconds * 1000 + 1;
        job.transitionAt = undefined;
        job.clock = now;
        this.emit(job, now, 'job_resumed', { status: 'running', message: 'Job resumed' });
        this.timeline(job, now, 'run_resumed', 'running', 'Run resumed');
        return { status: job.status === 'pending' ? 'pending' : 'running' };
      case 'cancel':
        if (job.status === 'cancelling' || job.status === 'cancelled') return { status: job.status };
        if (isTerminalJobStatus(job.status)) return { error: `job ${job.id} cannot be cancelled: it is ${job.status}` };
        job.status = 'cancelling';
        job.transitionAt = now + t;
        this.emit(job, now, 'job_cancelling', { status: 'cancelling', message: 'Cancel requested' });
        this.advance(job, now);
        return { status: job.status };
    }
  }

  /** Remove terminal job records (the run store keeps its runs). */
  cleanup(): number {
    let n = 0;
    for (const [id, job] of this.jobs) {
      if (isTerminalJobStatus(job.status)) {
        this.jobs.delete(id);
        n++;
      }
    }
    this.order = this.order.filter((id) => this.jobs.has(id));
    return n;
  }

  list(): Job[] {
    return this.order.map((id) => this.jobs.get(id)!).filter(Boolean);
  }

  // ------------------------------------------------------------------ views

  summary(job: Job): Record<string, unknown> {
    const agents = job.steps.flatMap((st) => st.agents);
    const last = job.events[job.events.length - 1];
    return {
      job_id: job.id,
      graph_id: job.workflowId,
      job_name: job.jobName,
      status: job.status,
      live: !isTerminalJobStatus(job.status),
      submitted_at: iso(job.submittedAt),
      updated_at: iso(job.updatedAt),
      placement_policy: 'spread',
      recovery_policy: 'resume_from_checkpoint',
      executor_count: agents.length,
      active_executors: agents.filter((a) => a.status === 'running').length,
      nodes: [...new Set(agents.map((a) => a.assigned_node))],
      sandbox_names: [],
      last_event: last ? { type: last.type, timestamp: last.timestamp } : null,
      recovery_status: 'normal',
      recovery_requires_review: false,
      recovery: { status: 'normal', reason: null, can_resume: job.status === 'paused' },
      job_type: job.source === 'blueprint' ? 'blueprint' : 'workflow',
      run_id: job.runId,
      ...(job.failure ? { failure: job.failure } : {}),
    };
  }

  observability(job: Job): Record<string, unknown> {
    const count = (c: Channel) => job.store.filter((r) => r.channel === c).length;
    const logs = job.store.filter((r) => r.channel === 'logs');
    return {
      schema_version: 'mn.observability_summary.v1',
      run_id: job.runId,
      trace_id: job.traceId,
      status: job.status,
      duration_ms: job.startedAt === undefined ? 0 : (job.endedAt ?? job.clock) - job.startedAt,
      counts: { events: count('events'), logs: logs.length, errors: logs.filter((r) => r.data.level === 'ERROR').length, warnings: logs.filter((r) => r.data.level === 'WARN').length, timeline: count('timeline') },
      retry_count: job.retryCount,
      resource_peaks: { max_memory_rss_mb: job.peakMemoryMb },
      token_totals: { total_tokens: job.resourceTokens },
    };
  }

  snapshot(job: Job): Record<string, unknown> {
    const cur = job.steps[job.stepIdx];
    const running = job.steps.filter((st) => st.status === 'running');
    const agents = job.steps.flatMap((st) => st.agents);
    const last = job.events[job.events.length - 1];
    const stepView = (st: StepState, i: number) => {
      const status = st.status === 'pending' && i === job.stepIdx && !isTerminalJobStatus(job.status) ? 'ready' : st.status;
      return {
        id: st.id,
        label: st.label,
        status,
        current: running.includes(st) || (i === job.stepIdx && (!isTerminalJobStatus(job.status) || st.status === 'failed')),
        ready_count: status === 'ready' ? st.agents.length : 0,
        activity_summary: st.recent.length ? st.recent[st.recent.length - 1].message ?? '' : '',
        last_activity: st.recent[st.recent.length - 1] ?? null,
        recent_events: st.recent,
        agents: st.agents.map((a) => ({
          id: a.id,
          alias: a.alias,
          display_name: a.display_name,
          role: a.role,
          status: a.status,
          assigned_node: a.assigned_node,
          tokens: a.tokens,
          tools: a.tools,
          last_activity: a.recent[a.recent.length - 1] ?? null,
          recent_events: a.recent,
          activity_summary: a.recent.length ? a.recent[a.recent.length - 1].message ?? '' : '',
        })),
      };
    };
    const steps = job.steps.map(stepView);
    const currentIdx = cur ? job.stepIdx : job.steps.length - 1;
    const snap: Record<string, unknown> = {
      job_id: job.id,
      workflow_id: job.workflowId,
      name: job.name,
      description: job.description,
      status: job.status,
      workflow_kind: 'batch',
      elapsed_seconds: job.startedAt === undefined ? 0 : Math.round(((job.endedAt ?? job.clock) - job.startedAt) / 100) / 10,
      current_step_id: job.steps[currentIdx]?.id ?? null,
      current_step_ids: running.length ? running.map((st) => st.id) : cur ? [cur.id] : [],
      current_step: steps[currentIdx] ?? null,
      agent_count: { done: agents.filter((a) => a.status === 'done').length, total: agents.length, ready: cur && cur.status === 'pending' ? cur.agents.length : 0, running: agents.filter((a) => a.status === 'running').length },
      steps,
      messages: last?.message ? [last.message] : [],
      latest_event: last ? { type: last.type, timestamp: last.timestamp, message: last.message ?? null } : null,
      resource_tokens: job.resourceTokens,
      trace_id: job.traceId,
      run_id: job.runId,
      observability_summary: this.observability(job),
    };
    if (job.failure && job.status === 'failed') snap.failure = job.failure;
    if (job.status === 'paused') snap.warning = 'job is paused; resume it to continue';
    return snap;
  }

  // ------------------------------------------------------------------ run store

  /** Files of the run dir as `relative_path -> content`, built on demand. */
  files(job: Job): Map<string, { content: () => Buffer; type: string; id: string }> {
    const files = new Map<string, { content: () => Buffer; type: string; id: string }>();
    const jsonl = (c: Channel) => () => Buffer.from(job.store.filter((r) => r.channel === c).map((r) => JSON.stringify(r.data) + '\n').join(''));
    const json = (v: () => unknown) => () => Buffer.from(JSON.stringify(v(), null, 2) + '\n');
    files.set('run.json', { id: 'run_json', type: 'application/json', content: json(() => this.runJson(job)) });
    files.set('job.json', { id: 'job_json', type: 'application/json', content: json(() => ({ job_id: job.id, run_id: job.runId, manifest: job.manifest, payloads: job.payloadNames })) });
    files.set('events.jsonl', { id: 'events_jsonl', type: 'application/x-ndjson', content: jsonl('events') });
    files.set('logs.jsonl', { id: 'logs_jsonl', type: 'application/x-ndjson', content: jsonl('logs') });
    files.set('timeline.jsonl', { id: 'timeline_jsonl', type: 'application/x-ndjson', content: jsonl('timeline') });
    files.set('resources.jsonl', { id: 'resources_jsonl', type: 'application/x-ndjson', content: jsonl('resources') });
    if (job.human.length) files.set('human.jsonl', { id: 'human_jsonl', type: 'application/x-ndjson', content: jsonl('human') });
    if (job.failure) files.set('errors.jsonl', { id: 'errors_jsonl', type: 'application/x-ndjson', content: () => Buffer.from(JSON.stringify({ error: job.failure }) + '\n') });
    if (isTerminalJobStatus(job.status)) files.set('observability_summary.json', { id: 'observability_summary_json', type: 'application/json', content: json(() => this.observability(job)) });
    if (job.status === 'completed') {
      files.set('result.json', { id: 'result_json', type: 'application/json', content: json(() => this.result(job)) });
      files.set('final_artifact.json', { id: 'final_artifact_json', type: 'application/json', content: json(() => this.finalArtifact(job)) });
      files.set('outputs/dataset.csv', { id: 'outputs_dataset_csv', type: 'text/csv', content: () => this.dataset(job) });
    }
    return files;
  }

  private datasets = new Map<string, Buffer>();

  /** A deterministic CSV of the configured size: the run's downloadable report data. */
  dataset(job: Job): Buffer {
    const cached = this.datasets.get(job.runId);
    if (cached) return cached;
    const size = this.cfg.artifact_bytes;
    const parts: string[] = ['row,step,agent,score,tokens\n'];
    let len = parts[0].length;
    const agents = job.steps.flatMap((st) => st.agents.map((a) => [st.id, a.id]));
    for (let i = 0; len < size; i++) {
      const [st, ag] = agents[i % agents.length] ?? ['step', 'agent'];
      const line = `${i},${st},${ag},${((i * 7919) % 1000) / 1000},${(i * 104729) % 1500}\n`;
      parts.push(line);
      len += line.length;
    }
    const buf = Buffer.from(parts.join('')).subarray(0, size);
    // keep a few: a large scenario has many runs with big datasets
    if (this.datasets.size >= 4) this.datasets.delete(this.datasets.keys().next().value!);
    this.datasets.set(job.runId, buf);
    return buf;
  }

  runJson(job: Job): Record<string, unknown> {
    return { schema_version: 'mn.run.v1', run_id: job.runId, job_id: job.id, blueprint_id: job.blueprintId ?? null, status: job.status, trace_id: job.traceId, updated_at: iso(job.updatedAt) };
  }

  result(job: Job): Record<string, unknown> {
    return {
      run_id: job.runId,
      job_id: job.id,
      status: job.status,
      workflow_id: job.workflowId,
      completed_at: job.endedAt ? iso(job.endedAt) : null,
      summary: `${job.name}: ${job.steps.length} steps completed`,
      outputs: { primary: { path: 'final_artifact.json' }, files: ['outputs/dataset.csv'] },
      token_totals: { total_tokens: job.resourceTokens },
    };
  }

  finalArtifact(job: Job): Record<string, unknown> {
    return {
      schema_version: 'mn.final_artifact.v1',
      run_id: job.runId,
      title: `${job.name} report`,
      summary: `All ${job.steps.length} steps of ${job.workflowId} completed.`,
      sections: job.steps.map((st) => ({ step_id: st.id, title: st.label, agents: st.agents.map((a) => a.id), tokens: st.agents.reduce((n, a) => n + a.tokens, 0) })),
    };
  }

  sha256(buf: Buffer): string {
    return createHash('sha256').update(buf).digest('hex');
  }
}
