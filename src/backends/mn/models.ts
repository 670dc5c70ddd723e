/**
 * zod models of the mn-api payloads (June–July /api/v1 era); unknown keys are kept (z.looseObject),
 * so nothing the gateway sent is dropped. One model per payload: they type the client, and the mock
 * validates what it sends against them (the contract test).
 */
import { z } from 'zod';

const str = z.string();
const optStr = z.string().nullish();
const optNum = z.number().nullish();
const anyRecord = z.record(z.string(), z.unknown());

export const ComponentStatus = z.enum(['passing', 'warning', 'critical']);

// ---------------------------------------------------------------- system

export const RuntimeComponent = z.looseObject({
  name: str,
  status: str,
  target: optStr,
  duration_ms: optNum,
  detail: optStr,
  error: optStr,
});
export type RuntimeComponent = z.infer<typeof RuntimeComponent>;

export const RuntimeHealth = z.looseObject({
  overall: str,
  checked_at: optStr,
  components: z.array(RuntimeComponent).default([]),
});
export type RuntimeHealth = z.infer<typeof RuntimeHealth>;

export const GatewayHealth = z.looseObject({ status: str, auth: z.string().optional() });
export type GatewayHealth = z.infer<typeof GatewayHealth>;

const CountBlock = z.looseObject({
  available: z.boolean().optional(),
  total: z.number().optional(),
  by_status: z.record(z.string(), z.number()).optional(),
});

export const RuntimeStatus = RuntimeHealth.extend({
  runtime: anyRecord.optional(),
  endpoints: z.record(z.string(), z.string().nullable()).optional(),
  nodes: CountBlock.extend({ items: z.array(z.unknown()).optional() }).optional(),
  jobs: CountBlock.extend({ active: z.number().optional(), active_by_status: z.record(z.string(), z.number()).optional() }).optional(),
  shared_storage: anyRecord.optional(),
});
export type RuntimeStatus = z.infer<typeof RuntimeStatus>;

export const ClusterNode = z.looseObject({
  name: str,
  connected_nodes: z.array(z.string()).default([]),
  self: z.boolean().optional(),
  'self?': z.boolean().optional(),
  status: optStr,
  scheduler_hint: optStr,
  executor_pools: anyRecord.optional(),
  hardware: anyRecord.optional(),
  grpc_host: optStr,
});
export type ClusterNode = z.infer<typeof ClusterNode>;

// ---------------------------------------------------------------- failures (mn.error.v1)

export const MnFailure = z.looseObject({
  schema_version: z.string().optional(),
  code: str,
  desc: str,
  details: z
    .looseObject({
      message: optStr,
      category: optStr,
      retryable: z.boolean().nullish(),
      component: optStr,
      step_id: optStr,
      agent_id: optStr,
      attempt: optNum,
      max_attempts: optNum,
      node: optStr,
    })
    .nullish(),
  severity: optStr,
  occurred_at: optStr,
  event_id: optStr,
  trace_id: optStr,
  span_id: optStr,
  remediation: optStr,
  links: z.array(z.looseObject({ rel: str, artifact_id: optStr })).nullish(),
});
export type MnFailure = z.infer<typeof MnFailure>;

// ---------------------------------------------------------------- jobs

export const JobStatus = z.enum(['pending', 'validated', 'scheduled', 'running', 'pausing', 'paused', 'cancelling', 'completed', 'failed', 'cancelled']);
export { TERMINAL_STATUSES } from './statuses.js';

export const JobSummary = z.looseObject({
  job_id: str,
  graph_id: optStr,
  job_name: optStr,
  status: str,
  live: z.boolean().nullish(),
  submitted_at: optStr,
  updated_at: optStr,
  placement_policy: optStr,
  recovery_policy: optStr,
  executor_count: optNum,
  active_executors: optNum,
  nodes: z.array(z.string()).nullish(),
  last_event: z.unknown().optional(),
  recovery_status: optStr,
  recovery_requires_review: z.boolean().nullish(),
  job_type: optStr,
  run_id: optStr,
  failure: MnFailure.nullish(),
});
export type JobSummary = z.infer<typeof JobSummary>;

export const SystemSummary = z.looseObject({
  nodes: z.array(ClusterNode).default([]),
  jobs: z.array(JobSummary).default([]),
});
export type SystemSummary = z.infer<typeof SystemSummary>;

export const Metrics = z.looseObject({
  jobs: z.looseObject({ total: z.number(), by_status: z.record(z.string(), z.number()).default({}) }).optional(),
  agents: z.looseObject({ queue_depth_total: optNum, queue_depth_max: optNum, pressured: optNum }).optional(),
  nodes: z.looseObject({ total: z.number() }).optional(),
  source: optStr,
});
export type Metrics = z.infer<typeof Metrics>;

export const SubmitResult = z.looseObject({ id: str, status: str });
export type SubmitResult = z.infer<typeof SubmitResult>;

export const JobList = z.looseObject({ data: z.array(JobSummary) });
export type JobList = z.infer<typeof JobList>;

export const JobEvent = z.looseObject({
  type: str,
  timestamp: optStr,
  agent_id: optStr,
  status: optStr,
  payload: z.unknown().optional(),
  message: z.unknown().optional(),
  reason: z.unknown().optional(),
  error: z.unknown().optional(),
  failure: MnFailure.nullish(),
});
export type JobEvent = z.infer<typeof JobEvent>;

export const EventList = z.looseObject({ data: z.array(JobEvent), warning: optStr });
export type EventList = z.infer<typeof EventList>;

export const ArtifactRef = z.looseObject({
  artifact_id: optStr,
  path: optStr,
  relative_path: optStr,
  size_bytes: optNum,
  sha256: optStr,
  content_type: optStr,
  url: optStr,
  reveal_url: optStr,
  name: optStr,
  source: optStr,
  external: z.boolean().nullish(),
});
export type ArtifactRef = z.infer<typeof ArtifactRef>;

export const ObservabilitySummary = z.looseObject({
  schema_version: optStr,
  run_id: optStr,
  trace_id: optStr,
  status: optStr,
  duration_ms: optNum,
  counts: z.record(z.string(), z.number()).nullish(),
  retry_count: optNum,
  resource_peaks: anyRecord.nullish(),
  token_totals: anyRecord.nullish(),
});
export type ObservabilitySummary = z.infer<typeof ObservabilitySummary>;

/** GET /jobs/{id}?include=compact|summary|full: every part optional, the shapes differ by mode. */
export const JobDetail = z.looseObject({
  job: z.looseObject({ job_id: optStr, run_id: optStr, status: optStr, graph_id: optStr, failure: MnFailure.nullish() }).optional(),
  summary: z.looseObject({ job_id: optStr, status: optStr, mode: optStr, failure: MnFailure.nullish() }).nullish(),
  trace_id: optStr,
  observability_summary: ObservabilitySummary.nullish(),
  failure: MnFailure.nullish(),
  agents: z.array(z.looseObject({ agent_id: str, status: optStr })).optional(),
  recent_events: z.array(JobEvent).optional(),
  events: z.array(JobEvent).optional(),
  artifacts: z.array(ArtifactRef).optional(),
  output_files: z.array(ArtifactRef).optional(),
  sandboxes: z.array(z.unknown()).optional(),
});
export type JobDetail = z.infer<typeof JobDetail>;

export const JobControl = z.looseObject({ status: str, job_id: str });
export type JobControl = z.infer<typeof JobControl>;

const Activity = z.looseObject({
  timestamp: optStr,
  type: optStr,
  step_id: optStr,
  agent_id: optStr,
  status: optStr,
  message: z.unknown().optional(),
  payload: z.unknown().optional(),
  failure: MnFailure.nullish(),
});

export const ProgressAgent = z.looseObject({
  id: str,
  alias: optStr,
  display_name: optStr,
  role: optStr,
  status: optStr,
  assigned_node: optStr,
  tokens: optNum,
  tools: optNum,
  tokens_used: optNum,
  token_budget: optNum,
  last_activity: Activity.nullish(),
  recent_events: z.array(Activity).nullish(),
  activity_summary: optStr,
});
export type ProgressAgent = z.infer<typeof ProgressAgent>;

export const ProgressStep = z.looseObject({
  id: str,
  label: optStr,
  status: str,
  current: z.boolean().nullish(),
  ready_count: optNum,
  activity_summary: optStr,
  last_activity: Activity.nullish(),
  recent_events: z.array(Activity).nullish(),
  agents: z.array(ProgressAgent).default([]),
});
export type ProgressStep = z.infer<typeof ProgressStep>;

export const WorkflowProgress = z.looseObject({
  job_id: str,
  workflow_id: optStr,
  name: optStr,
  description: optStr,
  status: str,
  workflow_kind: optStr,
  elapsed_seconds: optNum,
  current_step_id: optStr,
  current_step_ids: z.array(z.string()).nullish(),
  agent_count: z.looseObject({ done: optNum, total: optNum, ready: optNum, running: optNum }).nullish(),
  steps: z.array(ProgressStep).default([]),
  messages: z.array(z.unknown()).nullish(),
  resource_tokens: optNum,
  trace_id: optStr,
  run_id: optStr,
  observability_summary: ObservabilitySummary.nullish(),
  failure: MnFailure.nullish(),
  warning: optStr,
});
export type WorkflowProgress = z.infer<typeof WorkflowProgress>;

export const DeadLetter = z.looseObject({
  index: z.number(),
  event_index: optNum,
  agent_id: optStr,
  reason: z.unknown().optional(),
  timestamp: optStr,
  message: z.unknown().optional(),
});
export type DeadLetter = z.infer<typeof DeadLetter>;

export const DeadLetters = z.looseObject({ job_id: optStr, data: z.array(DeadLetter) });
export type DeadLetters = z.infer<typeof DeadLetters>;

export const CleanupResult = z.looseObject({ cleared_count: z.number() });
export type CleanupResult = z.infer<typeof CleanupResult>;

/** The `{"job_id","error"}` data of an `event: error` on the workflow-progress stream. */
export const StreamError = z.looseObject({ job_id: optStr, error: z.unknown() });

// ---------------------------------------------------------------- bundles and blueprints

export const BundleUpload = z.looseObject({ bundle_path: str, manifest: anyRecord.nullish(), rag_db: z.unknown().optional() });
export type BundleUpload = z.infer<typeof BundleUpload>;

export const Blueprint = z.looseObject({
  id: str,
  name: optStr,
  path: optStr,
  category: optStr,
  category_slug: optStr,
  description: optStr,
  agent_role: optStr,
  installed: z.boolean().nullish(),
  models: z.array(z.string()).nullish(),
});
export type Blueprint = z.infer<typeof Blueprint>;

export const BlueprintList = z.looseObject({
  repo_dir: optStr,
  blueprints: z.array(Blueprint),
  categories: z.array(z.looseObject({ name: str, slug: optStr, count: optNum })).default([]),
});
export type BlueprintList = z.infer<typeof BlueprintList>;

export const BlueprintGet = z.looseObject({ blueprint: Blueprint });

export const ValidationIssue = z.looseObject({
  code: optStr,
  message: optStr,
  help: optStr,
  severity: optStr,
  location: z.looseObject({ source: optStr, path: optStr, pointer: optStr }).nullish(),
});
export type ValidationIssue = z.infer<typeof ValidationIssue>;

export const ValidationReport = z.looseObject({
  ok: z.boolean(),
  status: optStr,
  error_count: optNum,
  errors: z.array(z.unknown()).default([]),
  issues: z.array(ValidationIssue).default([]),
});
export type ValidationReport = z.infer<typeof ValidationReport>;

export const ModelInstall = z.looseObject({
  ok: z.boolean(),
  models: z.array(z.looseObject({ id: optStr, model: optStr, status: optStr, error: optStr })).default([]),
  errors: z.array(z.unknown()).default([]),
});

export const BlueprintInstall = z.looseObject({ installed: z.boolean(), blueprint: Blueprint.nullish(), model_install: ModelInstall.nullish() });
export type BlueprintInstall = z.infer<typeof BlueprintInstall>;

export const BlueprintValidate = z.looseObject({ blueprint: Blueprint.nullish(), validation: ValidationReport, source: optStr, manifest: z.unknown().optional() });
export type BlueprintValidate = z.infer<typeof BlueprintValidate>;

/** POST /blueprints/{id}/runs (200, synchronous) and POST /blueprints/launch/runs (202, launching). */
export const BlueprintRun = z.looseObject({
  status: str,
  run_id: optStr,
  job_id: optStr,
  id: optStr,
  source: optStr,
  progress_id: optStr,
  progress_url: optStr,
  blueprint: z.unknown().optional(),
  validation: ValidationReport.nullish(),
  model_install: ModelInstall.nullish(),
});
export type BlueprintRun = z.infer<typeof BlueprintRun>;

export const LaunchPhase = z.looseObject({ id: str, label: optStr, status: str, message: optStr, updated_at: optStr });
export const LaunchEvent = z.looseObject({ ts: optStr, phase: optStr, status: optStr, message: optStr, label: optStr });

export const LaunchProgress = z.looseObject({
  progress_id: str,
  schema_version: optStr,
  run_id: optStr,
  job_id: optStr,
  events: z.array(LaunchEvent).default([]),
  phases: z.array(LaunchPhase).default([]),
  latest: LaunchEvent.nullish(),
  completed: z.boolean(),
  status: str,
  current_phase: optStr,
  error: z.unknown().optional(),
});
export type LaunchProgress = z.infer<typeof LaunchProgress>;

// ---------------------------------------------------------------- runs (run store)

export const RunResult = z.looseObject({ run_id: optStr, status: optStr });
export type RunResult = z.infer<typeof RunResult>;

export const ArtifactList = z.looseObject({ run_id: optStr, run_dir: optStr, artifacts: z.array(ArtifactRef) });
export type ArtifactList = z.infer<typeof ArtifactList>;

export const OutputList = z.looseObject({ run_id: optStr, run_dir: optStr, outputs: z.array(ArtifactRef) });
export type OutputList = z.infer<typeof OutputList>;

export const RunEvent = z.looseObject({ ts: optStr, timestamp: optStr, run_id: optStr, type: optStr, channel: optStr, payload: z.unknown().optional() });
export type RunEvent = z.infer<typeof RunEvent>;

export const RunEventList = z.looseObject({ run_id: optStr, data: z.array(RunEvent) });

export const RunLog = z.looseObject({ ts: optStr, run_id: optStr, blueprint_id: optStr, level: optStr, component: optStr, message: z.unknown().optional() });
export type RunLog = z.infer<typeof RunLog>;

export const RunLogList = z.looseObject({ run_id: optStr, data: z.array(RunLog) });

export const TimelineRecord = z.looseObject({
  schema_version: optStr,
  ts: optStr,
  run_id: optStr,
  blueprint_id: optStr,
  trace_id: optStr,
  type: str,
  phase: optStr,
  status: optStr,
  summary: optStr,
});
export type TimelineRecord = z.infer<typeof TimelineRecord>;

export const TimelineList = z.looseObject({ run_id: optStr, data: z.array(TimelineRecord) });

export const ResourceRollup = z.looseObject({ run_id: optStr, sample_count: optNum });
export type ResourceRollup = z.infer<typeof ResourceRollup>;

export const HumanRecord = z.looseObject({
  ts: optStr,
  run_id: optStr,
  channel: optStr,
  type: str,
  status: optStr,
  payload: z.looseObject({ request_id: optStr, notice_id: optStr, prompt: optStr, message: optStr }).nullish(),
});
export type HumanRecord = z.infer<typeof HumanRecord>;

export const HumanList = z.looseObject({ run_id: optStr, data: z.array(HumanRecord) });

export const RunUi = z.looseObject({ run_id: optStr, run_dir: optStr, ui: anyRecord.nullish(), web_ui: anyRecord.nullish(), job: anyRecord.nullish(), run: anyRecord.nullish(), events: z.array(z.unknown()).nullish() });
export type RunUi = z.infer<typeof RunUi>;

/** One record of the SSE `runs/{id}/stream` (its channel is the SSE event name). */
export const RunStreamRecord = anyRecord;

// ---------------------------------------------------------------- models, services, resources

export const ModelEntry = z.looseObject({
  id: str,
  docker_model: optStr,
  installed: z.boolean().nullish(),
  manual: z.boolean().nullish(),
  node: optStr,
  nodes: z.array(z.string()).nullish(),
  owner_count: optNum,
  used_by: z.array(z.string()).nullish(),
  orphaned: z.boolean().nullish(),
  compatibility: z.looseObject({ status: optStr, ok: z.boolean().nullish(), message: optStr }).nullish(),
});
export type ModelEntry = z.infer<typeof ModelEntry>;

export const ModelList = z.looseObject({ runner_available: z.boolean().nullish(), node: optStr, models: z.array(ModelEntry) });
export type ModelList = z.infer<typeof ModelList>;

export const Benchmark = z.looseObject({
  model: optStr,
  name: optStr,
  docker_model: optStr,
  api_model: optStr,
  node: optStr,
  elapsed_ms: optNum,
  first_token_ms: optNum,
  generated_tokens: optNum,
  tokens_per_second: optNum,
  sample: optStr,
  estimated: z.boolean().nullish(),
});
export type Benchmark = z.infer<typeof Benchmark>;

export const Service = z.looseObject({
  id: str,
  name: str,
  job_id: optStr,
  agent_id: optStr,
  address: optStr,
  port: optNum,
  status: str,
  tags: z.array(z.string()).nullish(),
  meta: anyRecord.nullish(),
  health: z.unknown().optional(),
  node: optStr,
});
export type Service = z.infer<typeof Service>;

export const ServiceList = z.looseObject({ services: z.array(Service) });
export type ServiceList = z.infer<typeof ServiceList>;

export const ResourceLimits = z.looseObject({ cpu: optNum, gpu: optNum, memory: optNum, disk: optNum });

export const ResourceInfo = z.looseObject({
  mode: optStr,
  node_count: optNum,
  nodes: z.array(z.looseObject({ name: str })).default([]),
  totals: anyRecord.nullish(),
  combined: anyRecord.nullish(),
  limits: ResourceLimits.nullish(),
  native_ports: z.array(anyRecord).nullish(),
});
export type ResourceInfo = z.infer<typeof ResourceInfo>;

// ---------------------------------------------------------------- schedules and events

export const Schedule = z.looseObject({
  schedule_id: str,
  name: optStr,
  kind: str,
  status: str,
  enabled: z.boolean().nullish(),
  timezone: optStr,
  crons: z.array(z.string()).nullish(),
  next_run_at: optStr,
  last_dispatch: z.looseObject({ at: optStr, job_id: optStr, reason: optStr }).nullish(),
  child_job_ids: z.array(z.string()).nullish(),
  dispatch_count: optNum,
  missed_count: optNum,
  failure_count: optNum,
});
export type Schedule = z.infer<typeof Schedule>;

export const ScheduleList = z.looseObject({ schedules: z.array(Schedule) });

/** Mutations answer `{schedule_id|id, status, event_id?, job_id?}` (create and update include the record). */
export const ScheduleMutation = z.looseObject({
  schedule_id: optStr,
  id: optStr,
  status: str,
  event_id: optStr,
  job_id: optStr,
  schedule: Schedule.nullish(),
});
export type ScheduleMutation = z.infer<typeof ScheduleMutation>;

export const TriggerEvent = z.looseObject({
  event_id: str,
  event_type: str,
  payload: z.unknown().optional(),
  source: optStr,
  emitted_at: optStr,
  dispatched: z.array(z.looseObject({ schedule_id: optStr, job_id: optStr })).nullish(),
});
export type TriggerEvent = z.infer<typeof TriggerEvent>;

export const TriggerEventList = z.looseObject({ events: z.array(TriggerEvent) });

// ---------------------------------------------------------------- cluster

export const NodeJoin = z.looseObject({
  ok: z.boolean(),
  host: optStr,
  node_name: str,
  status: str,
  message: optStr,
  handshake: anyRecord.nullish(),
});
export type NodeJoin = z.infer<typeof NodeJoin>;

export const NodeLeave = z.looseObject({ ok: z.boolean(), node_name: str, status: str, message: optStr });
export type NodeLeave = z.infer<typeof NodeLeave>;

/** Every model by name: the contract test checks each mock answer against the one its route names. */
export const MODELS = {
  GatewayHealth,
  RuntimeHealth,
  RuntimeStatus,
  SystemSummary,
  Metrics,
  SubmitResult,
  JobList,
  JobDetail,
  JobControl,
  EventList,
  WorkflowProgress,
  DeadLetters,
  CleanupResult,
  BundleUpload,
  BlueprintList,
  BlueprintGet,
  BlueprintInstall,
  BlueprintValidate,
  BlueprintRun,
  LaunchProgress,
  RunResult,
  ArtifactList,
  OutputList,
  RunEventList,
  RunLogList,
  TimelineList,
  ObservabilitySummary,
  ResourceRollup,
  HumanList,
  HumanRecord,
  RunUi,
  ModelList,
  Benchmark,
  ServiceList,
  ResourceInfo,
  Schedule,
  ScheduleList,
  ScheduleMutation,
  TriggerEvent,
  TriggerEventList,
  NodeJoin,
  NodeLeave,
} as const;
