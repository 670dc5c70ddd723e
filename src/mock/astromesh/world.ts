/**
 * The simulated astromeshd: agents with a scripted model, sessions with memory, tools that run,
 * RAG pipelines, a trace collector and in-memory metrics that count every run, doctor checks and
 * the gossip mesh. One engine serves both the HTTP run route and the WebSocket, emitting the same
 * run events as the real engine (token, tool_call, tool_result).
 */
import type { MockContext } from '../types.js';
import type { Rng } from '../rng.js';
import { composeAnswer, countTokens, planTools, splitTokens, type Observation, type Turn } from './model.js';
import { MeshSim } from './mesh.js';
import { RagStore, type Hit } from './rag.js';
import { AstromeshSection, type AgentDef } from './scenario.js';
import { BUILTIN_TOOLS, findTool, INTEGRATION_TOOLS, ToolError, uuid, type ToolContext } from './tools.js';
import { similarity } from './text.js';

/** A run the engine refused or failed; `kind` decides the HTTP status (and the WS error frame). */
export class RunError extends Error {
  constructor(
    readonly kind: 'not_found' | 'provider' | 'runtime' | 'engine',
    message: string,
    readonly payload?: { error: string; message: string; hint: string },
  ) {
    super(message);
  }
}

/** The WebSocket went away mid-run: the run is cancelled at the next send. */
export class Disconnected extends Error {}

export interface SpanOut {
  name: string;
  trace_id: string;
  span_id: string;
  parent_span_id: string | null;
  status: 'unset' | 'ok' | 'error';
  attributes: Record<string, unknown>;
  events: Array<{ name: string; timestamp: number; attributes: Record<string, unknown> }>;
  start_time: number;
  end_time: number | null;
  duration_ms: number | null;
}

export interface TraceOut {
  trace_id: string;
  agent: string;
  session_id: string;
  is_sampled: boolean;
  spans: SpanOut[];
}

export interface RunResult {
  answer: string;
  steps: Array<Record<string, unknown>>;
  usage: Record<string, unknown> | null;
  trace: TraceOut;
  data: null;
  chain: null;
}

export interface RunOptions {
  context?: Record<string, unknown> | null;
  /** Run events as the engine emits them; throw Disconnected to cancel the run. */
  onEvent?: (event: Record<string, unknown>) => void;
  /** Streamed runs pace their token frames in real time. */
  streaming?: boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function hex(rng: Rng, n: number): string {
  return Array.from({ length: n }, () => Math.floor(rng.next() * 16).toString(16)).join('');
}

function round(n: number, places = 3): number {
  const f = 10 ** places;
  return Math.round(n * f) / f;
}

const HISTORY_QUERIES: Array<[string, string]> = [
  ['assistant', 'What is 17 * 23?'],
  ['support', 'How does the model router pick a provider?'],
  ['assistant', 'Hello there'],
  ['researcher', 'Search the latest news on agent runtimes'],
  ['support', 'Explain mesh mode'],
  ['assistant', 'What time is it?'],
];

export class AstromeshWorld {
  readonly section: AstromeshSection;
  readonly agents: Map<string, AgentDef>;
  readonly rag: RagStore;
  readonly mesh?: MeshSim;
  readonly started: number;
  readonly pid: number;
  /** agent -> session -> turns */
  readonly memory = new Map<string, Map<string, Turn[]>>();
  /** Newest last; listed newest first. */
  readonly traces: TraceOut[] = [];
  counters: Record<string, number> = {};
  histograms: Record<string, number[]> = {};
  private readonly rng: Rng;
  private readonly toolCtx: ToolContext;
  private runSeq = 0;

  constructor(private readonly ctx: MockContext) {
    this.section = AstromeshSection.parse(ctx.scenario.astromesh ?? {});
    this.rng = ctx.rng.fork('astromesh');
    this.started = ctx.clock.now();
    this.pid = 4000 + this.rng.int(0, 5000);
    this.agents = new Map(this.section.agents.map((a) => [a.name, a]));
    this.rag = new RagStore(this.section.rag);
    this.toolCtx = { now: () => ctx.clock.now(), rng: this.rng.fork('tools'), rag: this.rag };
    if (this.section.mesh.enabled) this.mesh = new MeshSim(this.section, ctx.clock, this.rng.fork('mesh'), () => ctx.urls.astromesh ?? 'http://127.0.0.1:8000');
  }

  get runtime(): boolean {
    return this.section.runtime;
  }

  /** Runs already made when the daemon "started", spread over the past hour. */
  async seedHistory(): Promise<void> {
    if (!this.runtime) return;
    const runnable = HISTORY_QUERIES.filter(([a]) => this.agents.get(a)?.status === 'deployed' && !this.agents.get(a)?.fail);
    const n = this.section.history_runs;
    for (let i = 0; i < n && runnable.length; i++) {
      const [agent, query] = runnable[i % runnable.length];
      const at = this.ctx.clock.now() - (n - i) * 7 * 60_000;
      await this.run(agent, query, `sess_${hex(this.rng, 8)}`, {}, at).catch(() => undefined);
    }
  }

  count(name: string, by = 1): void {
    this.counters[name] = (this.counters[name] ?? 0) + by;
  }

  observe(name: string, value: number): void {
    (this.histograms[name] ??= []).push(value);
  }

  metrics(): { counters: Record<string, number>; histograms: Record<string, { count: number; sum: number; avg: number; min: number; max: number }> } {
    const histograms: Record<string, { count: number; sum: number; avg: number; min: number; max: number }> = {};
    for (const [k, v] of Object.entries(this.histograms)) {
      if (!v.length) continue;
      const sum = v.reduce((a, b) => a + b, 0);
      histograms[k] = { count: v.length, sum: round(sum), avg: round(sum / v.length), min: round(Math.min(...v)), max: round(Math.max(...v)) };
    }
    return { counters: { ...this.counters }, histograms };
  }

  resetMetrics(): void {
    this.counters = {};
    this.histograms = {};
  }

  sessionTurns(agent: string, session: string): Turn[] {
    return this.memory.get(agent)?.get(session) ?? [];
  }

  clearSession(agent: string, session: string): void {
    this.memory.get(agent)?.delete(session);
  }

  semantic(agent: string, query: string, topK: number): Array<{ text: string; score: number; metadata: Record<string, unknown> }> {
    const out: Array<{ text: string; score: number; metadata: Record<string, unknown> }> = [];
    for (const [session, turns] of this.memory.get(agent) ?? []) {
      for (const t of turns) {
        const score = similarity(query, t.content);
        if (score > 0) out.push({ text: t.content, score, metadata: { session_id: session, role: t.role, timestamp: t.timestamp } });
      }
    }
    return out.sort((a, b) => b.score - a.score).slice(0, Math.max(0, topK));
  }

  toolList(): Array<Record<string, unknown>> {
    const users = (name: string) => [...this.agents.values()].filter((a) => a.tools.includes(name)).map((a) => a.name);
    return [...BUILTIN_TOOLS.map((t) => ({ name: t.name, description: t.description, type: 'builtin', agents: users(t.name) })), ...INTEGRATION_TOOLS];
  }

  builtinList(): Array<Record<string, unknown>> {
    return BUILTIN_TOOLS.map((t) => ({ name: t.name, description: t.description, parameters: t.parameters }));
  }

  /** Run a tool directly (POST /v1/tools/execute). */
  executeTool(name: string, args: Record<string, unknown>): { tool: string; result: unknown; status: string; timing_ms?: number } | undefined {
    const integration = INTEGRATION_TOOLS.find((t) => t.name === name);
    if (integration) return { tool: name, result: {}, status: 'not_configured' };
    const def = findTool(name);
    if (!def) return undefined;
    this.count('tool.executions');
    try {
      const result = def.run(args, this.toolCtx);
      this.observe('tool.latency_ms', def.cost_ms);
      return { tool: name, result, status: 'ok', timing_ms: def.cost_ms };
    } catch (e) {
      this.count('tool.errors');
      return { tool: name, result: { error: (e as Error).message }, status: 'error', timing_ms: def.cost_ms };
    }
  }

  /**
   * One agent run. The simulated time of each step goes into the trace; a streamed run also
   * paces its token frames in real time. `at` places a seeded run in the past.
   */
  async run(agentName: string, query: string, sessionId: string, opts: RunOptions = {}, at?: number): Promise<RunResult> {
    if (!this.runtime) throw new RunError('runtime', 'Runtime not initialized');
    const agent = this.agents.get(agentName);
    if (!agent) throw new RunError('not_found', `Agent '${agentName}' not found`);
    if (agent.status !== 'deployed') throw new RunError('not_found', `Agent '${agentName}' is not deployed (status: ${agent.status})`);
    const emit = opts.onEvent ?? (() => undefined);
    const rng = this.rng.fork(`run:${agentName}:${query}:${this.runSeq++}`);
    const traceId = hex(rng, 32);
    const spans: SpanOut[] = [];
    const startS = (at ?? this.ctx.clock.now()) / 1000;
    let cursor = startS;
    const span = (name: string, parent: string | null, durMs: number, attributes: Record<string, unknown> = {}, status: SpanOut['status'] = 'ok', startAt = cursor): SpanOut => {
      const s: SpanOut = { name, trace_id: traceId, span_id: hex(rng, 16), parent_span_id: parent, status, attributes, events: [], start_time: round(startAt, 6), end_time: round(startAt + durMs / 1000, 6), duration_ms: round(durMs) };
      spans.push(s);
      return s;
    };
    const root = span('agent.run', null, 0, { agent: agentName, session: sessionId, query: query.slice(0, 5000) });
    const [provider, ...modelParts] = agent.model.split('/');
    const model = modelParts.join('/') || provider;
    this.count('agent.runs');
    this.count(`agent.runs.${agentName}`);

    const finishRoot = (status: SpanOut['status']) => {
      root.end_time = round(cursor, 6);
      root.duration_ms = round((cursor - startS) * 1000);
      root.status = status;
      spans.sort((a, b) => a.start_time - b.start_time);
    };
    const record = (trace: TraceOut, ms: number, failed: boolean) => {
      this.traces.push(trace);
      if (this.traces.length > 10_000) this.traces.shift();
      this.observe('agent.latency_ms', round(ms));
      if (failed) this.count('agent.errors');
    };

    const history = this.sessionTurns(agentName, sessionId);
    cursor += span('memory_build', root.span_id, 2 + rng.next() * 6, { turns: history.length }).duration_ms! / 1000;
    let knowledge: Hit[] = [];
    const pipeline = agent.rag ? this.rag.get(agent.rag) : undefined;
    if (pipeline) knowledge = pipeline.query(query, 3);
    cursor += span('rag_build', root.span_id, pipeline ? 8 + rng.next() * 25 : 0.05, pipeline ? { pipeline: agent.rag, hits: knowledge.length } : {}).duration_ms! / 1000;
    cursor += span('prompt_render', root.span_id, 0.5 + rng.next() * 1.5).duration_ms! / 1000;

    const orch = span('orchestration', root.span_id, 0, { pattern: agent.orchestration });
    const orchStart = cursor;
    const steps: Array<Record<string, unknown>> = [];
    const observations: Observation[] = [];
    let llmCalls = 0;
    let tokensIn = 0;
    let tokensOut = 0;
    const promptText = `${agent.system_prompt}\n${history.map((t) => t.content).join('\n')}\n${knowledge.map((k) => k.content).join('\n')}\n${query}`;

    const llm = (content: string, toolCalls: unknown[]) => {
      llmCalls++;
      const inTok = countTokens(promptText) + observations.length * 40;
      const outTok = countTokens(content || JSON.stringify(toolCalls));
      tokensIn += inTok;
      tokensOut += outTok;
      const ms = agent.model_latency_ms * (0.7 + rng.next() * 0.6);
      const s = span('llm.complete', root.span_id, ms, { role: 'default', resolved_role: 'default', input_tokens: inTok, output_tokens: outTok, model, provider, latency_ms: round(ms), cost: provider === 'ollama' ? 0 : round((inTok * 2.5 + outTok * 10) / 1e6, 6), tool_calls: toolCalls, response: content.slice(0, 10_000) });
      cursor += ms / 1000;
      this.count('llm.calls');
      this.observe('llm.latency_ms', round(ms));
      return s;
    };

    try {
      if (agent.fail) {
        const ms = agent.model_latency_ms * 0.3;
        span('llm.complete', root.span_id, ms, { error_message: 'provider request failed', model, provider }, 'error');
        cursor += ms / 1000;
        if (agent.fail === 'engine_error') throw new RunError('engine', `orchestration failed: the ${agent.orchestration} pattern got an unparseable model answer`);
        const code = agent.fail === 'provider_unavailable' ? 'model_provider_unavailable' : 'model_no_eligible_provider';
        const message = agent.fail === 'provider_unavailable' ? `All providers failed for agent '${agentName}': ${provider} connection refused` : `No eligible provider for agent '${agentName}' (model ${agent.model})`;
        throw new RunError('provider', message, { error: code, message, hint: agent.fail === 'provider_unavailable' ? `Check that the ${provider} server is running and reachable, or configure a fallback provider.` : 'Configure a provider for this model or relax the routing constraints.' });
      }
      const planned = planTools(agent, query);
      if (planned.length) llm('', planned.map((p) => ({ name: p.name, arguments: p.args })));
      for (const call of planned) {
        const id = uuid(rng);
        emit({ type: 'tool_call', id, name: call.name, arguments: call.args });
        const def = findTool(call.name);
        let ok = true;
        let output: unknown;
        try {
          if (!def) throw new ToolError(`unknown tool ${call.name}`);
          output = def.run(call.args, this.toolCtx);
        } catch (e) {
          ok = false;
          output = (e as Error).message;
        }
        const ms = (def?.cost_ms ?? 5) * (0.8 + rng.next() * 0.4);
        span('tool.call', root.span_id, ms, { tool: call.name, tool_args: call.args, tool_result: JSON.stringify(output).slice(0, 5000) }, ok ? 'ok' : 'error');
        cursor += ms / 1000;
        this.count('tool.executions');
        this.observe('tool.latency_ms', round(ms));
        if (!ok) this.count('tool.errors');
        observations.push({ name: call.name, ok, output });
        steps.push({ thought: `I should use ${call.name}.`, action: call.name, action_input: call.args, observation: typeof output === 'string' ? output : JSON.stringify(output), result: null });
        if (opts.streaming) await sleep(agent.token_delay_ms);
        emit({ type: 'tool_result', id, ok });
      }
      const answer = composeAnswer(agent, query, observations, history, knowledge);
      llm(answer, []);
      steps.push({ thought: null, action: null, action_input: null, observation: null, result: answer });
      for (const piece of splitTokens(answer, agent.words_per_token)) {
        if (opts.streaming && agent.token_delay_ms) await sleep(agent.token_delay_ms);
        emit({ type: 'token', content: piece });
      }
      orch.end_time = round(cursor, 6);
      orch.duration_ms = round((cursor - orchStart) * 1000);
      orch.events = steps.map((st, i) => ({ name: 'orch_step', timestamp: round(orchStart + i * 0.001, 6), attributes: { iteration: i + 1, pattern: agent.orchestration, ...Object.fromEntries(Object.entries(st).filter(([, v]) => v !== null)) } }));

      const ts = new Date(cursor * 1000).toISOString();
      let sessions = this.memory.get(agentName);
      if (!sessions) this.memory.set(agentName, (sessions = new Map()));
      const turns = sessions.get(sessionId) ?? [];
      turns.push({ role: 'user', content: query, timestamp: ts, metadata: {} }, { role: 'assistant', content: answer, timestamp: ts, metadata: {} });
      sessions.set(sessionId, turns);
      cursor += span('memory_persist', root.span_id, 1 + rng.next() * 4).duration_ms! / 1000;
      finishRoot('ok');
      this.count('tokens.in', tokensIn);
      this.count('tokens.out', tokensOut);
      const trace: TraceOut = { trace_id: traceId, agent: agentName, session_id: sessionId, is_sampled: true, spans };
      record(trace, (cursor - startS) * 1000, false);
      const cost = provider === 'ollama' ? 0 : round((tokensIn * 2.5 + tokensOut * 10) / 1e6, 6);
      return {
        answer,
        steps,
        usage: { tokens_in: tokensIn, tokens_out: tokensOut, model, by_model: [{ provider, model, role: 'default', calls: llmCalls, tokens_in: tokensIn, tokens_out: tokensOut, cost }] },
        trace,
        data: null,
        chain: null,
      };
    } catch (e) {
      if (e instanceof Disconnected) throw e; // a cancelled run is not collected
      orch.end_time = round(cursor, 6);
      orch.duration_ms = round((cursor - orchStart) * 1000);
      orch.status = 'error';
      finishRoot('error');
      root.attributes.error_message = (e as Error).message;
      record({ trace_id: traceId, agent: agentName, session_id: sessionId, is_sampled: true, spans }, (cursor - startS) * 1000, true);
      throw e instanceof RunError ? e : new RunError('engine', (e as Error).message);
    }
  }

  /** The trace list, newest first, optionally for one agent. */
  listTraces(agent: string | undefined, limit: number): TraceOut[] {
    const out: TraceOut[] = [];
    for (let i = this.traces.length - 1; i >= 0 && out.length < limit; i--) {
      if (!agent || this.traces[i].agent === agent) out.push(this.traces[i]);
    }
    return out;
  }

  status(): Record<string, unknown> {
    const peers = this.section.peers.map((p, i) => ({ name: p.name, url: p.url ?? `http://10.0.2.${10 + i}:8000`, services: p.services }));
    return {
      version: this.section.version,
      uptime_seconds: round((this.ctx.clock.now() - this.started) / 1000 + 8072, 2),
      mode: this.section.mode,
      agents_loaded: this.runtime ? this.agents.size : 0,
      pid: this.pid,
      services: { api: true, agents: this.runtime, inference: true, memory: true, tools: true, channels: true, rag: this.rag.pipelines.size > 0, observability: true },
      peers,
      mesh: this.mesh ? this.mesh.summary() : null,
    };
  }

  doctor(): { healthy: boolean; checks: Record<string, { status: string; message: string }> } {
    if (!this.runtime) return { healthy: false, checks: { runtime: { status: 'unavailable', message: 'Runtime not initialized' } } };
    const checks: Record<string, { status: string; message: string }> = { runtime: { status: 'ok', message: 'Runtime initialized' } };
    const providers = new Map<string, string>();
    for (const a of this.agents.values()) {
      providers.set(`provider:default:${a.model.split('/')[0]}`, a.model.split('/')[0]);
      if (a.fallback) providers.set(`provider:fallback:${a.fallback.split('/')[0]}`, a.fallback.split('/')[0]);
    }
    for (const [key, p] of providers) {
      const failing = [...this.agents.values()].some((a) => a.fail === 'provider_unavailable' && a.model.startsWith(`${p}/`) && key.startsWith('provider:default:'));
      checks[key] = failing ? { status: 'error', message: `Provider ${p} health check failed: connection refused` } : { status: 'ok', message: `Provider ${p} health check` };
    }
    this.section.peers.forEach((p, i) => {
      const url = p.url ?? `http://10.0.2.${10 + i}:8000`;
      checks[`peer:${p.name}`] = { status: p.reachable ? 'ok' : 'unreachable', message: `Peer ${p.name} at ${url}` };
    });
    Object.assign(checks, this.section.doctor.checks);
    return { healthy: Object.values(checks).every((c) => c.status === 'ok'), checks };
  }
}
