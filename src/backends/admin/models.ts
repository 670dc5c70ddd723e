/**
 * Zod models of every payload of the Monarch mesh admin API: one source of truth for the admin
 * client (types and validation), the embedded mock (what it serves) and the contract tests (which
 * check these models against the golden JSON Schemas).
 *
 * The models are tolerant as a client: objects are loose (unknown keys are kept, nothing is
 * dropped), optional fields accept both an explicit `null` and a missing key, yet every field the
 * golden schemas require is required here with the same type.
 */
import { z } from 'zod';

/** An unsigned integer (u64/usize/u32 on the server). */
const Uint = z.number().int().nonnegative();
/** A signed integer (i32 on the server). */
const Int = z.number().int();
/** An ISO 8601 / RFC 3339 timestamp string, e.g. "2025-01-15T10:30:00.123Z". */
const Timestamp = z.string();
/** An opaque reference string: round-trip it byte for byte, never parse it. */
const Ref = z.string();

// ---------------------------------------------------------------------------------------------
// NodePayload and its parts
// ---------------------------------------------------------------------------------------------

export const ProcessMemoryStats = z.looseObject({
  process_rss_bytes: Uint.nullish(),
  process_vm_size_bytes: Uint.nullish(),
});
export type ProcessMemoryStats = z.infer<typeof ProcessMemoryStats>;

export const ProcDebugStats = z.looseObject({
  memory: ProcessMemoryStats,
  actor_work_queue_depth_total: Uint,
  actor_work_queue_depth_max: Uint,
  actor_work_queue_depth_high_water_mark: Uint,
  last_nonzero_queue_depth_age_ms: Uint.nullish(),
});
export type ProcDebugStats = z.infer<typeof ProcDebugStats>;

export const FailureInfo = z.looseObject({
  error_message: z.string(),
  root_cause_actor: Ref,
  root_cause_name: z.string().nullish(),
  occurred_at: Timestamp,
  is_propagated: z.boolean(),
});
export type FailureInfo = z.infer<typeof FailureInfo>;

export const OrderingSessionSnapshot = z.looseObject({
  session_id: z.string(),
  sender: z.string().nullish(),
  last_released_seq: Uint,
  expected_next_seq: Uint,
  buffered_count: Uint,
  oldest_buffered_seq: Uint.nullish(),
  newest_buffered_seq: Uint.nullish(),
});
export type OrderingSessionSnapshot = z.infer<typeof OrderingSessionSnapshot>;

export const InboundOrdering = z.looseObject({
  enabled: z.boolean(),
  snapshot_complete: z.boolean(),
  skipped_session_count: Uint,
  known_session_count: Uint,
  returned_buffered_session_count: Uint,
  returned_buffered_message_count: Uint,
  returned_max_buffered_count: Uint,
  sessions: z.array(OrderingSessionSnapshot),
});
export type InboundOrdering = z.infer<typeof InboundOrdering>;

export const ActiveHandler = z.looseObject({
  name: z.string(),
  active_count: Uint,
  oldest_since: Timestamp,
});
export type ActiveHandler = z.infer<typeof ActiveHandler>;

export const Execution = z.looseObject({
  active_count: Uint,
  active_handlers: z.array(ActiveHandler),
  complete: z.boolean(),
  truncated: z.boolean(),
});
export type Execution = z.infer<typeof Execution>;

export const RootProperties = z.looseObject({
  num_hosts: Uint,
  started_at: Timestamp,
  started_by: z.string(),
  system_children: z.array(Ref),
});
export type RootProperties = z.infer<typeof RootProperties>;

export const HostProperties = z.looseObject({
  /** The host's channel address in display form, e.g. `tcp:127.0.0.1:26600` (not the URL form). */
  addr: z.string(),
  num_procs: Uint,
  system_children: z.array(Ref),
  memory: ProcessMemoryStats,
});
export type HostProperties = z.infer<typeof HostProperties>;

export const ProcProperties = z.looseObject({
  proc_name: z.string(),
  /** Live actors. */
  num_actors: Uint,
  system_children: z.array(Ref),
  /** Terminated actors kept for post-mortem (a subset of `children`). */
  stopped_children: z.array(Ref),
  stopped_retention_cap: Uint,
  /** Invariant: `is_poisoned` ⇔ `failed_actor_count > 0`. */
  is_poisoned: z.boolean(),
  failed_actor_count: Uint,
  debug: ProcDebugStats,
});
export type ProcProperties = z.infer<typeof ProcProperties>;

export const ActorProperties = z.looseObject({
  /** `idle`, `processing for 12ms`, `handler: processing for 12ms`, `stopped: reason`, `failed: err`... */
  actor_status: z.string(),
  actor_type: z.string(),
  instance_id: z.string(),
  messages_processed: Uint,
  created_at: Timestamp.nullish(),
  last_message_handler: z.string().nullish(),
  total_processing_time_us: Uint,
  queue_depth: Uint,
  /** A JSON-encoded array of RecordedEvent (see `parseFlightRecorder`). Can be tens of KB. */
  flight_recorder: z.string().nullish(),
  is_system: z.boolean(),
  inbound_ordering: InboundOrdering.nullish(),
  failure_info: FailureInfo.nullish(),
  /** `null` means the actor does not report execution, not that it is idle. */
  execution: Execution.nullish(),
});
export type ActorProperties = z.infer<typeof ActorProperties>;

export const ErrorProperties = z.looseObject({
  code: z.string(),
  message: z.string(),
});
export type ErrorProperties = z.infer<typeof ErrorProperties>;

export const RootVariant = z.looseObject({ Root: RootProperties });
export const HostVariant = z.looseObject({ Host: HostProperties });
export const ProcVariant = z.looseObject({ Proc: ProcProperties });
export const ActorVariant = z.looseObject({ Actor: ActorProperties });
export const ErrorVariant = z.looseObject({ Error: ErrorProperties });

/**
 * Externally tagged: `{"Root": {...}}`, `{"Host": {...}}`, `{"Proc": {...}}`, `{"Actor": {...}}`
 * or `{"Error": {...}}`. Parsing keeps unknown keys; the type is the plain tagged union so that
 * `'Actor' in properties` narrows.
 */
export type NodeProperties =
  | { Root: RootProperties }
  | { Host: HostProperties }
  | { Proc: ProcProperties }
  | { Actor: ActorProperties }
  | { Error: ErrorProperties };
export const NodeProperties: z.ZodType<NodeProperties> = z.union([RootVariant, HostVariant, ProcVariant, ActorVariant, ErrorVariant]);

export const NODE_VARIANTS = ['Root', 'Host', 'Proc', 'Actor', 'Error'] as const;
export type NodeVariant = (typeof NODE_VARIANTS)[number];

export const NodePayload = z.looseObject({
  /** Canonical reference of the node; equals the reference used to fetch it. */
  identity: Ref,
  properties: NodeProperties,
  /** References to resolve next (percent-encode each as one path segment). */
  children: z.array(Ref),
  /** Containment parent: root → null, host → "root", proc → its host, actor → its proc. */
  parent: Ref.nullish(),
  as_of: Timestamp,
});
export type NodePayload = z.infer<typeof NodePayload>;

/** One event of an actor's flight recorder (the decoded form of `flight_recorder`). */
export const RecordedEvent = z.looseObject({
  timestamp: Timestamp,
  seq: Uint,
  level: z.string(),
  target: z.string(),
  name: z.string(),
  fields: z.record(z.string(), z.unknown()),
});
export type RecordedEvent = z.infer<typeof RecordedEvent>;

/**
 * Decode an actor's `flight_recorder` string. Returns [] for null/empty; events that do not fit
 * the model are kept as they are (the recorder is diagnostic data, never a reason to fail).
 */
export function parseFlightRecorder(value: string | null | undefined): RecordedEvent[] {
  if (!value) return [];
  let data: unknown;
  try {
    data = JSON.parse(value);
  } catch {
    return [];
  }
  if (!Array.isArray(data)) return [];
  return data.map((e) => {
    const parsed = RecordedEvent.safeParse(e);
    return parsed.success ? parsed.data : (e as RecordedEvent);
  });
}

// ---------------------------------------------------------------------------------------------
// Admin self-identification and errors
// ---------------------------------------------------------------------------------------------

export const AdminInfo = z.looseObject({
  /** The mesh admin agent's actor reference. */
  actor_id: z.string(),
  /** The reference of the proc hosting the admin agent. */
  proc_id: z.string(),
  /** Host name of the admin URL. */
  host: z.string(),
  url: z.string(),
});
export type AdminInfo = z.infer<typeof AdminInfo>;

export const ApiError = z.looseObject({
  code: z.string(),
  message: z.string(),
  /** Any JSON; omitted when there is none. */
  details: z.unknown().optional(),
});
export type ApiError = z.infer<typeof ApiError>;

export const ApiErrorEnvelope = z.looseObject({ error: ApiError });
export type ApiErrorEnvelope = z.infer<typeof ApiErrorEnvelope>;

/** The stable error codes of the admin API (clients branch on these, not on the HTTP status). */
export const ADMIN_ERROR_CODES = ['not_found', 'bad_request', 'gateway_timeout', 'service_unavailable', 'internal_error'] as const;

/** HTTP status the admin server answers for an error code. */
export function adminStatusForCode(code: string): number {
  switch (code) {
    case 'not_found':
      return 404;
    case 'bad_request':
      return 400;
    case 'gateway_timeout':
      return 504;
    case 'service_unavailable':
      return 503;
    default:
      return 500;
  }
}

// ---------------------------------------------------------------------------------------------
// py-spy
// ---------------------------------------------------------------------------------------------

export const PySpyLocalVariable = z.looseObject({
  name: z.string(),
  addr: Uint,
  arg: z.boolean(),
  repr: z.string().nullish(),
});
export type PySpyLocalVariable = z.infer<typeof PySpyLocalVariable>;

export const PySpyFrame = z.looseObject({
  name: z.string(),
  filename: z.string(),
  module: z.string().nullish(),
  short_filename: z.string().nullish(),
  line: Int,
  locals: z.array(PySpyLocalVariable).nullish(),
  /** Always sent by the server; optional so that dumps written by other py-spy versions read too. */
  is_entry: z.boolean().optional(),
});
export type PySpyFrame = z.infer<typeof PySpyFrame>;

export const PySpyStackTrace = z.looseObject({
  /** Always sent by the server (the Ok body carries the pid too). */
  pid: Int.optional(),
  thread_id: Uint,
  thread_name: z.string().nullish(),
  os_thread_id: Uint.nullish(),
  active: z.boolean(),
  owns_gil: z.boolean(),
  /** Innermost frame first. */
  frames: z.array(PySpyFrame),
});
export type PySpyStackTrace = z.infer<typeof PySpyStackTrace>;

export const PySpyOk = z.looseObject({
  pid: Uint,
  binary: z.string(),
  stack_traces: z.array(PySpyStackTrace),
  warnings: z.array(z.string()),
});
export type PySpyOk = z.infer<typeof PySpyOk>;

export const PySpyBinaryNotFound = z.looseObject({ searched: z.array(z.string()) });
export type PySpyBinaryNotFound = z.infer<typeof PySpyBinaryNotFound>;

export const PySpyFailed = z.looseObject({
  pid: Uint,
  binary: z.string(),
  exit_code: Int.nullish(),
  stderr: z.string(),
});
export type PySpyFailed = z.infer<typeof PySpyFailed>;

/** Externally tagged: `{"Ok": {...}}`, `{"BinaryNotFound": {...}}` or `{"Failed": {...}}`. */
export type PySpyResult = { Ok: PySpyOk } | { BinaryNotFound: PySpyBinaryNotFound } | { Failed: PySpyFailed };
export const PySpyResult: z.ZodType<PySpyResult> = z.union([
  z.looseObject({ Ok: PySpyOk }),
  z.looseObject({ BinaryNotFound: PySpyBinaryNotFound }),
  z.looseObject({ Failed: PySpyFailed }),
]);

export const PYSPY_MAX_RATE_HZ = 1000;
/** The server's default `MESH_ADMIN_PYSPY_MAX_PROFILE_DURATION`, seconds. */
export const PYSPY_DEFAULT_MAX_DURATION_S = 300;

/** Body of `POST /v1/pyspy_profile_svg/{proc}`. */
export const PySpyProfileOpts = z.object({
  duration_s: z.number().int().min(1),
  rate_hz: z.number().int().min(1).max(PYSPY_MAX_RATE_HZ),
  native: z.boolean(),
  threads: z.boolean(),
  nonblocking: z.boolean(),
});
export type PySpyProfileOpts = z.infer<typeof PySpyProfileOpts>;

export const PyspyDumpAndStoreResponse = z.looseObject({ dump_id: z.string() });
export type PyspyDumpAndStoreResponse = z.infer<typeof PyspyDumpAndStoreResponse>;

// ---------------------------------------------------------------------------------------------
// Config, query
// ---------------------------------------------------------------------------------------------

/** Where a config value came from; kept open so a newer server's layer still parses. */
export const CONFIG_SOURCES = ['Default', 'ClientOverride', 'File', 'Env', 'Runtime', 'TestOverride'] as const;

export const ConfigEntry = z.looseObject({
  /** Fully-qualified key, e.g. `hyperactor::config::codec_max_frame_length`. */
  name: z.string(),
  /** Display string of the resolved value. */
  value: z.string(),
  default_value: z.string().nullish(),
  source: z.string(),
  changed_from_default: z.boolean(),
  env_var: z.string().nullish(),
});
export type ConfigEntry = z.infer<typeof ConfigEntry>;

export const ConfigDumpResult = z.looseObject({ entries: z.array(ConfigEntry) });
export type ConfigDumpResult = z.infer<typeof ConfigDumpResult>;

export const QueryRequest = z.object({ sql: z.string() });
export type QueryRequest = z.infer<typeof QueryRequest>;

/** `rows` is passed through from the telemetry engine: normally an array of row objects. */
export const QueryResponse = z.looseObject({ rows: z.unknown() });
export type QueryResponse = z.infer<typeof QueryResponse>;

/** A JSON Schema or OpenAPI document, kept whole. */
export const JsonDocument = z.record(z.string(), z.unknown());
export type JsonDocument = z.infer<typeof JsonDocument>;

// ---------------------------------------------------------------------------------------------
// Helpers over the tagged unions
// ---------------------------------------------------------------------------------------------

/** The variant name of a node's properties. */
export function nodeVariant(properties: NodeProperties): NodeVariant {
  if ('Root' in properties) return 'Root';
  if ('Host' in properties) return 'Host';
  if ('Proc' in properties) return 'Proc';
  if ('Actor' in properties) return 'Actor';
  return 'Error';
}

export type PySpyVariant = 'Ok' | 'BinaryNotFound' | 'Failed';

export function pyspyVariant(result: PySpyResult): PySpyVariant {
  if ('Ok' in result) return 'Ok';
  if ('BinaryNotFound' in result) return 'BinaryNotFound';
  return 'Failed';
}
