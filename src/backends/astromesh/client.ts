/**
 * Typed client of the astromesh daemon (/v1). Paths are those of the real daemon
 * (reference/astromesh.md): `v1/traces/` and `v1/metrics/` carry their trailing slash (the
 * HTTP client follows the 307 the daemon sends without it). Non-2xx answers become MeshError
 * through the shared dialect mapping ({"detail"} strings, 422 lists, the 502 provider object).
 */
import { MeshError } from '../../errors.js';
import { seg, type HttpClient } from '../../http/client.js';
import {
  AgentConfig,
  AgentList,
  ClusterState,
  DoctorReport,
  ElectionAnswer,
  GossipAnswer,
  Health,
  MemoryCleared,
  MemoryHistory,
  Metrics,
  RagIngestResult,
  RagQueryResult,
  RunResponse,
  SemanticResults,
  StatusOnly,
  SystemStatus,
  ToolExecResult,
  ToolList,
  Trace,
  TraceList,
} from './checks.js';
import type { NodeState, Trace as TraceT } from './models.js';

export interface RunRequest {
  query: string;
  session_id?: string;
  context?: unknown;
}

export interface IngestRequest {
  pipeline: string;
  document: string;
  metadata?: Record<string, unknown>;
  doc_id_prefix?: string;
  /** Honoured by daemons that take per-request chunking (the API document); others chunk by their pipeline config. */
  chunk_size?: number;
  chunk_overlap?: number;
}

/** Replace the generic hint of a 404 with one that says where to look. */
function hinted<T>(p: Promise<T>, hint: string): Promise<T> {
  return p.catch((e: unknown) => {
    if (e instanceof MeshError && e.kind === 'not_found') {
      throw new MeshError({ kind: e.kind, code: e.code, message: e.message, hint, backend: e.backend, status: e.status, retryable: e.retryable, details: e.details, retryAfterS: e.retryAfterS, cause: e });
    }
    throw e;
  });
}

const AGENTS_HINT = 'list the loaded agents with `meshscope agent list`';
const RAG_HINT = "a collection is a RAG pipeline defined in the daemon's config (config/rag/); check the name";

/** A run may take as long as the agent's orchestration timeout; never retried (not idempotent). */
const RUN_TIMEOUT_MS = 120_000;

export class AstromeshClient {
  constructor(readonly http: HttpClient) {}

  health() {
    return this.http.json({ path: 'v1/health' }, Health);
  }

  // ---- agents ----
  listAgents() {
    return this.http.json({ path: 'v1/agents' }, AgentList);
  }

  getAgent(name: string) {
    return hinted(this.http.json({ path: `v1/agents/${seg(name)}` }, AgentConfig), AGENTS_HINT);
  }

  /** Run an agent. `timeoutMs` defaults to the agent orchestration's usual ceiling, not the per-request timeout. */
  run(name: string, req: RunRequest, timeoutMs: number = RUN_TIMEOUT_MS) {
    return hinted(this.http.json({ method: 'POST', path: `v1/agents/${seg(name)}/run`, json: req, timeoutMs }, RunResponse), AGENTS_HINT);
  }

  // ---- memory ----
  history(agent: string, session: string, limit?: number) {
    return this.http.json({ path: `v1/memory/${seg(agent)}/history/${seg(session)}`, query: { limit } }, MemoryHistory);
  }

  clearHistory(agent: string, session: string) {
    return hinted(this.http.json({ method: 'DELETE', path: `v1/memory/${seg(agent)}/history/${seg(session)}`, idempotent: false }, MemoryCleared), AGENTS_HINT);
  }

  semantic(agent: string, query: string, topK?: number) {
    return this.http.json({ path: `v1/memory/${seg(agent)}/semantic`, query: { query, top_k: topK } }, SemanticResults);
  }

  // ---- tools ----
  tools() {
    return this.http.json({ path: 'v1/tools' }, ToolList);
  }

  builtinTools() {
    return this.http.json({ path: 'v1/tools/builtin' }, ToolList);
  }

  executeTool(tool: string, args: unknown) {
    return hinted(this.http.json({ method: 'POST', path: 'v1/tools/execute', json: { tool_name: tool, arguments: args } }, ToolExecResult), 'list the tools with `meshscope tool list`');
  }

  // ---- RAG ----
  ingest(req: IngestRequest) {
    return hinted(this.http.json({ method: 'POST', path: 'v1/rag/ingest', json: req }, RagIngestResult), RAG_HINT);
  }

  ragQuery(pipeline: string, query: string, topK?: number, minScore?: number) {
    return hinted(this.http.json({ method: 'POST', path: 'v1/rag/query', json: { pipeline, query, top_k: topK, score_threshold: minScore }, idempotent: true }, RagQueryResult), RAG_HINT);
  }

  // ---- traces and metrics ----
  traces(opts: { agent?: string; limit?: number } = {}) {
    return this.http.json({ path: 'v1/traces/', query: { agent: opts.agent, limit: opts.limit } }, TraceList);
  }

  /**
   * One trace by id. A short id (the first characters, as tables show them) is resolved against
   * the newest traces when the daemon does not know it as a whole id.
   */
  async trace(id: string): Promise<TraceT> {
    try {
      return await this.http.json({ path: `v1/traces/${seg(id)}` }, Trace);
    } catch (e) {
      if (!(e instanceof MeshError) || e.kind !== 'not_found' || id.length >= 32 || id.length < 4) throw e;
      const { traces } = await this.traces({ limit: 100 });
      const hits = traces.filter((t) => t.trace_id.startsWith(id));
      if (hits.length === 1) return hits[0];
      if (hits.length > 1) {
        throw new MeshError({ kind: 'usage', code: 'ambiguous_id', backend: 'astromesh', message: `the trace id prefix "${id}" matches ${hits.length} traces`, hint: 'give more characters of the trace id (see `meshscope trace list`)' });
      }
      throw new MeshError({ kind: e.kind, code: e.code, message: e.message, hint: 'list recent traces with `meshscope trace list`', backend: e.backend, status: e.status });
    }
  }

  metrics() {
    return this.http.json({ path: 'v1/metrics/' }, Metrics);
  }

  resetMetrics() {
    return this.http.json({ method: 'POST', path: 'v1/metrics/reset' }, StatusOnly);
  }

  // ---- system ----
  status() {
    return this.http.json({ path: 'v1/system/status' }, SystemStatus);
  }

  doctor() {
    return this.http.json({ path: 'v1/system/doctor' }, DoctorReport);
  }

  // ---- mesh (503 "Mesh not enabled on this node" when mesh mode is off) ----
  meshState() {
    return this.http.json({ path: 'v1/mesh/state' }, ClusterState);
  }

  meshJoin(node: NodeState) {
    return this.http.json({ method: 'POST', path: 'v1/mesh/join', json: node }, ClusterState);
  }

  meshLeave(nodeId: string) {
    return this.http.json({ method: 'POST', path: 'v1/mesh/leave', json: { node_id: nodeId } }, StatusOnly);
  }

  meshHeartbeat(node: NodeState) {
    return this.http.json({ method: 'POST', path: 'v1/mesh/heartbeat', json: node, idempotent: true }, StatusOnly);
  }

  meshGossip(nodes: unknown[]) {
    return this.http.json({ method: 'POST', path: 'v1/mesh/gossip', json: { nodes } }, GossipAnswer);
  }

  meshElection(candidateId: string, nodeId: string) {
    return this.http.json({ method: 'POST', path: 'v1/mesh/election', json: { candidate_id: candidateId, node_id: nodeId } }, ElectionAnswer);
  }
}

/** The answer of a run, whichever name the daemon uses for it. */
export function answerOf(r: { answer?: string; response?: string }): string {
  return r.answer ?? r.response ?? '';
}

/** Input and output token counts, whichever names the daemon uses. */
export function tokensOf(u: { tokens_in?: number; tokens_out?: number; input_tokens?: number; output_tokens?: number } | null | undefined): { in?: number; out?: number } {
  if (!u) return {};
  return { in: u.tokens_in ?? u.input_tokens, out: u.tokens_out ?? u.output_tokens };
}
