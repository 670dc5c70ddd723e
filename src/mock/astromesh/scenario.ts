/**
 * The `astromesh:` section of a scenario file: the simulated astromeshd — its agents (each with a
 * scripted, deterministic model), RAG pipelines, peers, doctor checks and gossip mesh. Omitted
 * keys give a small healthy daemon with three agents, one RAG pipeline and a three-node mesh.
 */
import { z } from 'zod';

const Ms = z.number().nonnegative();
const Name = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'letters, digits, ".", "_" and "-" only');

export const AgentDef = z.strictObject({
  name: Name,
  description: z.string().default(''),
  version: z.string().default('1.0.0'),
  namespace: z.string().default('default'),
  /** What `GET /v1/agents` reports; only deployed agents run. */
  status: z.enum(['deployed', 'paused', 'draft', 'error']).default('deployed'),
  error: z.string().optional(),
  /** provider/model of the primary model. */
  model: z.string().default('ollama/llama3.1:8b'),
  fallback: z.string().optional(),
  orchestration: z.string().default('react'),
  max_iterations: z.number().int().positive().default(10),
  /** Built-in tools the agent may call (see GET /v1/tools/builtin). */
  tools: z.array(z.string()).default([]),
  /** A RAG pipeline the agent reads its knowledge from. */
  rag: z.string().optional(),
  memory: z.string().default('sqlite'),
  system_prompt: z.string().default('You are a helpful assistant.'),
  /** Simulated latency of one model call, ms (appears in traces and timings). */
  model_latency_ms: Ms.default(450),
  /** Real delay between streamed token frames, ms. */
  token_delay_ms: Ms.default(5),
  /** Words per token frame. */
  words_per_token: z.number().int().positive().default(3),
  /** Make every run fail: a provider outage (502), no eligible provider (502), or an engine error (500). */
  fail: z.enum(['provider_unavailable', 'no_eligible_provider', 'engine_error']).optional(),
  /** Drop the WebSocket (no close frame) after this many token frames: an answer cut mid-stream. */
  drop_stream_after_tokens: z.number().int().positive().optional(),
});
export type AgentDef = z.infer<typeof AgentDef>;

export const RagDocument = z.strictObject({ text: z.string(), metadata: z.record(z.string(), z.unknown()).default({}) });

export const PipelineDef = z.strictObject({
  name: Name,
  chunk_size: z.number().int().positive().default(512),
  chunk_overlap: z.number().int().nonnegative().default(50),
  /** Documents ingested when the daemon starts; omitted: a few pages about Astromesh. */
  documents: z.array(RagDocument).optional(),
});
export type PipelineDef = z.infer<typeof PipelineDef>;

export const PeerDef = z.strictObject({
  name: z.string(),
  url: z.string().optional(),
  services: z.array(z.string()).default(['inference']),
  reachable: z.boolean().default(true),
});

export const CheckDef = z.strictObject({ status: z.enum(['ok', 'degraded', 'error', 'unavailable', 'unreachable']), message: z.string().default('') });

export const StalledPeer = z.strictObject({
  /** Peer by position (1 = the first simulated peer) or by name. */
  peer: z.union([z.number().int().positive(), z.string()]),
  /** Simulated seconds after start when it stops heartbeating (0: already silent past the failure timeout). */
  after_s: Ms.default(0),
});

export const MeshDef = z.strictObject({
  enabled: z.boolean().default(true),
  node_name: z.string().default('astromesh-0'),
  /** Simulated peers besides this node. */
  peers: z.number().int().nonnegative().default(2),
  stalled: z.array(StalledPeer).default([]),
  heartbeat_interval_s: z.number().positive().default(2),
  /** Seconds without a heartbeat before a node is suspect, then dead (the daemon's failure/dead timeouts). */
  failure_timeout_s: z.number().positive().default(15),
  dead_timeout_s: z.number().positive().default(60),
});

export const DEFAULT_AGENTS: z.input<typeof AgentDef>[] = [
  {
    name: 'assistant',
    description: 'General-purpose assistant',
    model: 'ollama/llama3.1:8b',
    fallback: 'openai/gpt-4o-mini',
    tools: ['calculator', 'datetime_now', 'web_search', 'text_stats'],
    system_prompt: 'You are a concise, helpful assistant.',
  },
  {
    name: 'researcher',
    description: 'Research and analysis agent',
    model: 'openai/gpt-4o',
    orchestration: 'plan_and_execute',
    tools: ['web_search', 'rag_query'],
    rag: 'docs',
    model_latency_ms: 900,
  },
  {
    name: 'support',
    description: 'Answers product questions from the documentation',
    model: 'ollama/llama3.1:8b',
    rag: 'docs',
  },
];

export const AstromeshSection = z.strictObject({
  version: z.string().default('0.40.0'),
  /** "system" when the daemon runs from /etc/astromesh, else "dev". */
  mode: z.enum(['dev', 'system']).default('dev'),
  /** false: the daemon runs without its agent runtime ("Runtime not initialized"). */
  runtime: z.boolean().default(true),
  agents: z.array(AgentDef).default(() => DEFAULT_AGENTS.map((a) => AgentDef.parse(a))),
  rag: z.array(PipelineDef).default(() => [PipelineDef.parse({ name: 'docs' })]),
  /** Runs already in the collector when the daemon starts (traces, metrics, memory). */
  history_runs: z.number().int().nonnegative().default(4),
  peers: z.array(PeerDef).default([]),
  /** Doctor checks added to (or replacing) the computed ones, by name. */
  doctor: z.strictObject({ checks: z.record(z.string(), CheckDef).default({}) }).default({ checks: {} }),
  mesh: MeshDef.default(() => MeshDef.parse({})),
});
export type AstromeshSection = z.infer<typeof AstromeshSection>;
