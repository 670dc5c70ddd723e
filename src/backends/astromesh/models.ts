/**
 * zod models of the astromeshd payloads (/v1). Unknown keys are kept (z.looseObject), and where
 * the published API document and the real daemon disagree (reference/astromesh.md §9), both
 * shapes are accepted: the daemon's (`answer`, `history`, `checks` map, NodeState) and the
 * document's (`response`, `messages`, `checks` list, `this_node`).
 */
import { z } from 'zod';

const Num = z.number();
const NullableNum = z.number().nullable().optional();
const Json = z.unknown();

export const Health = z.looseObject({ status: z.string(), version: z.string().optional(), uptime_seconds: Num.optional() });
export type Health = z.infer<typeof Health>;

// ---- agents -------------------------------------------------------------------------------

export const AgentSummary = z.looseObject({
  name: z.string(),
  version: z.string().nullable().optional(),
  namespace: z.string().nullable().optional(),
  status: z.string().nullable().optional(),
  error: z.string().nullable().optional(),
  description: z.string().nullable().optional(),
  /** The API document's list carries `model` and `orchestration` as strings. */
  model: z.unknown().optional(),
  orchestration: z.unknown().optional(),
});
export type AgentSummary = z.infer<typeof AgentSummary>;

export const AgentList = z.looseObject({ agents: z.array(AgentSummary) });
export type AgentList = z.infer<typeof AgentList>;

/** The raw agent config (apiVersion/kind/metadata/spec), or the document's flat shape. */
export const AgentConfig = z.looseObject({
  apiVersion: z.string().optional(),
  kind: z.string().optional(),
  metadata: z.looseObject({ name: z.string().optional(), version: z.string().optional(), namespace: z.string().optional() }).optional(),
  spec: z.record(z.string(), Json).optional(),
  name: z.string().optional(),
  status: z.string().optional(),
});
export type AgentConfig = z.infer<typeof AgentConfig>;

export const ModelUsage = z.looseObject({
  provider: z.string().optional(),
  model: z.string().optional(),
  role: z.string().optional(),
  calls: Num.optional(),
  tokens_in: Num.optional(),
  tokens_out: Num.optional(),
  cost: Num.optional(),
});
export type ModelUsage = z.infer<typeof ModelUsage>;

export const Usage = z.looseObject({
  tokens_in: Num.optional(),
  tokens_out: Num.optional(),
  model: z.string().optional(),
  by_model: z.array(ModelUsage).optional(),
  // the API document's names
  input_tokens: Num.optional(),
  output_tokens: Num.optional(),
  total_tokens: Num.optional(),
});
export type Usage = z.infer<typeof Usage>;

export const Span = z.looseObject({
  name: z.string(),
  trace_id: z.string().optional(),
  span_id: z.string(),
  parent_span_id: z.string().nullable().optional(),
  status: z.string().optional(),
  attributes: z.record(z.string(), Json).optional(),
  events: z.array(z.looseObject({ name: z.string().optional(), timestamp: Num.optional(), attributes: z.record(z.string(), Json).optional() })).optional(),
  start_time: NullableNum,
  end_time: NullableNum,
  duration_ms: NullableNum,
});
export type Span = z.infer<typeof Span>;

export const Trace = z.looseObject({
  trace_id: z.string(),
  agent: z.string().nullable().optional(),
  session_id: z.string().nullable().optional(),
  is_sampled: z.boolean().optional(),
  spans: z.array(Span).default([]),
});
export type Trace = z.infer<typeof Trace>;

export const TraceList = z.looseObject({ traces: z.array(Trace) });
export type TraceList = z.infer<typeof TraceList>;

export const RunStep = z.looseObject({
  thought: z.string().nullable().optional(),
  action: z.string().nullable().optional(),
  action_input: Json.optional(),
  observation: Json.optional(),
  result: Json.optional(),
});
export type RunStep = z.infer<typeof RunStep>;

export const RunResponse = z.looseObject({
  answer: z.string().optional(),
  /** The API document's name for the answer. */
  response: z.string().optional(),
  steps: z.array(RunStep).optional(),
  usage: Usage.nullable().optional(),
  trace: Trace.nullable().optional(),
  data: Json.optional(),
  chain: Json.optional(),
  session_id: z.string().optional(),
  tool_calls: z.array(z.looseObject({ tool: z.string().optional(), input: Json.optional(), output: Json.optional() })).optional(),
  timing: z.looseObject({ total_ms: Num.optional() }).optional(),
});
export type RunResponse = z.infer<typeof RunResponse>;

// ---- WebSocket frames (/v1/ws/agent/{name}) -----------------------------------------------

export const StatusFrame = z.looseObject({ type: z.literal('status'), status: z.string().optional(), agent: z.string().optional() });
export const TokenFrame = z.looseObject({ type: z.literal('token'), content: z.string() });
/** Daemon: {id, name, arguments}; document: {tool, input}. */
export const ToolCallFrame = z.looseObject({
  type: z.literal('tool_call'),
  id: z.string().optional(),
  name: z.string().optional(),
  arguments: Json.optional(),
  tool: z.string().optional(),
  input: Json.optional(),
});
/** Daemon: {id, ok}; document: {tool, output}. */
export const ToolResultFrame = z.looseObject({
  type: z.literal('tool_result'),
  id: z.string().optional(),
  ok: z.boolean().optional(),
  tool: z.string().optional(),
  output: Json.optional(),
});
export const DoneFrame = z.looseObject({
  type: z.literal('done'),
  answer: z.string().optional(),
  session_id: z.string().optional(),
  usage: Usage.nullable().optional(),
  timing: z.looseObject({ total_ms: Num.optional() }).optional(),
});
export const ErrorFrame = z.looseObject({ type: z.literal('error'), message: z.string().default('') });
export const WsFrame = z.discriminatedUnion('type', [StatusFrame, TokenFrame, ToolCallFrame, ToolResultFrame, DoneFrame, ErrorFrame]);
export type WsFrame = z.infer<typeof WsFrame>;
export type DoneFrame = z.infer<typeof DoneFrame>;
export type ToolCallFrame = z.infer<typeof ToolCallFrame>;

// ---- memory -------------------------------------------------------------------------------

export const MemoryMessage = z.looseObject({
  role: z.string(),
  content: z.unknown(),
  timestamp: z.union([z.string(), Num]).nullable().optional(),
  metadata: z.record(z.string(), Json).nullable().optional(),
});
export type MemoryMessage = z.infer<typeof MemoryMessage>;

export const MemoryHistory = z.looseObject({
  agent: z.string().optional(),
  session_id: z.string().optional(),
  history: z.array(MemoryMessage).optional(),
  messages: z.array(MemoryMessage).optional(),
  limit: Num.optional(),
});
export type MemoryHistory = z.infer<typeof MemoryHistory>;

export const MemoryCleared = z.looseObject({ status: z.string(), agent: z.string().optional(), session_id: z.string().optional() });
export type MemoryCleared = z.infer<typeof MemoryCleared>;

export const ScoredText = z.looseObject({
  text: z.string().optional(),
  content: z.string().optional(),
  doc_id: z.string().optional(),
  score: Num,
  metadata: z.record(z.string(), Json).nullable().optional(),
});
export type ScoredText = z.infer<typeof ScoredText>;

export const SemanticResults = z.looseObject({ agent: z.string().optional(), query: z.string().optional(), results: z.array(ScoredText), top_k: Num.optional() });
export type SemanticResults = z.infer<typeof SemanticResults>;

// ---- tools --------------------------------------------------------------------------------

export const ToolInfo = z.looseObject({
  name: z.string(),
  description: z.string().nullable().optional(),
  type: z.string().optional(),
  integration: z.string().optional(),
  writes: z.boolean().optional(),
  agents: z.array(z.string()).optional(),
  parameters: z.record(z.string(), Json).optional(),
});
export type ToolInfo = z.infer<typeof ToolInfo>;

export const ToolList = z.looseObject({ tools: z.array(ToolInfo), count: Num.optional() });
export type ToolList = z.infer<typeof ToolList>;

/** Daemon: {tool, result, status}; document: {tool, output, timing_ms}. */
export const ToolExecResult = z.looseObject({
  tool: z.string().optional(),
  result: Json.optional(),
  status: z.string().optional(),
  output: Json.optional(),
  timing_ms: Num.optional(),
});
export type ToolExecResult = z.infer<typeof ToolExecResult>;

// ---- RAG ----------------------------------------------------------------------------------

export const RagIngestResult = z.looseObject({
  pipeline: z.string().optional(),
  chunks: Num.optional(),
  // the API document's names
  collection: z.string().optional(),
  chunks_created: Num.optional(),
  documents_ingested: Num.optional(),
});
export type RagIngestResult = z.infer<typeof RagIngestResult>;

export const RagQueryResult = z.looseObject({ query: z.string().optional(), results: z.array(ScoredText), top_k: Num.optional() });
export type RagQueryResult = z.infer<typeof RagQueryResult>;

// ---- observability ------------------------------------------------------------------------

export const Histogram = z.looseObject({ count: Num, sum: Num.optional(), avg: Num.optional(), min: Num.optional(), max: Num.optional() });
export type Histogram = z.infer<typeof Histogram>;

export const Metrics = z.looseObject({ counters: z.record(z.string(), Num).default({}), histograms: z.record(z.string(), Histogram).default({}) });
export type Metrics = z.infer<typeof Metrics>;

export const StatusOnly = z.looseObject({ status: z.string() });
export type StatusOnly = z.infer<typeof StatusOnly>;

// ---- system -------------------------------------------------------------------------------

export const MeshSummary = z.looseObject({
  enabled: z.boolean().optional(),
  node_id: z.string().optional(),
  node_name: z.string().optional(),
  leader: z.string().nullable().optional(),
  cluster_size: Num.optional(),
  status: z.string().optional(),
});

export const SystemStatus = z.looseObject({
  version: z.string().optional(),
  status: z.string().optional(),
  uptime_seconds: Num.optional(),
  mode: z.string().optional(),
  agents_loaded: Num.optional(),
  pid: Num.optional(),
  services: z.record(z.string(), z.boolean()).optional(),
  peers: z.array(z.looseObject({ name: z.string().optional(), url: z.string().optional(), services: z.array(z.string()).optional() })).optional(),
  mesh: MeshSummary.nullable().optional(),
  providers: z.record(z.string(), Num).optional(),
});
export type SystemStatus = z.infer<typeof SystemStatus>;

export const DoctorCheck = z.looseObject({ status: z.string(), message: z.string().nullable().optional() });
export const DoctorReport = z.looseObject({
  healthy: z.boolean().optional(),
  /** The daemon sends a map name -> check; the API document a list of {name, status, message}. */
  checks: z.union([z.record(z.string(), DoctorCheck), z.array(DoctorCheck.extend({ name: z.string() }))]),
  summary: z.record(z.string(), Num).optional(),
});
export type DoctorReport = z.infer<typeof DoctorReport>;

// ---- mesh ---------------------------------------------------------------------------------

export const NodeLoad = z.looseObject({ cpu_percent: Num.optional(), memory_percent: Num.optional(), active_requests: Num.optional() });

export const NodeState = z.looseObject({
  node_id: z.string(),
  name: z.string().optional(),
  url: z.string().optional(),
  services: z.array(z.string()).optional(),
  agents: z.array(z.string()).optional(),
  load: NodeLoad.optional(),
  leader: z.boolean().optional(),
  joined_at: Num.optional(),
  last_heartbeat: Num.optional(),
  status: z.string().optional(),
  // the API document's names
  address: z.string().optional(),
  state: z.string().optional(),
  heartbeat: Num.optional(),
  active_requests: Num.optional(),
});
export type NodeState = z.infer<typeof NodeState>;

export const ClusterState = z.looseObject({
  nodes: z.array(NodeState),
  leader_id: z.string().nullable().optional(),
  version: Num.optional(),
  // the API document's names
  leader: z.string().nullable().optional(),
  this_node: z.string().optional(),
});
export type ClusterState = z.infer<typeof ClusterState>;

export const GossipAnswer = z.looseObject({ nodes: z.array(NodeState).optional(), state: z.array(NodeState).optional(), sender: z.string().optional() });
export type GossipAnswer = z.infer<typeof GossipAnswer>;

export const ElectionAnswer = z.looseObject({ leader_id: z.string().nullable().optional(), type: z.string().optional(), sender: z.string().optional() });
export type ElectionAnswer = z.infer<typeof ElectionAnswer>;
