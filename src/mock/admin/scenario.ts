/**
 * The `admin:` section of a scenario file: the size and shape of the simulated Monarch mesh, its
 * failures, and how the simulated admin server behaves (latency, resolve limit, timeouts, py-spy).
 *
 * Nodes are selected by position, not by reference (references carry random uids):
 *   { host: 0 }                              the host agent of host 0
 *   { host: 0, proc: service | local | N }   the service proc, the local proc, or user proc N
 *   { host: 0, proc: 1, actor: 2 }           user actor 2 of user proc 1 (or a system actor by name:
 *                                            host_agent, mesh_admin, mesh_admin_bridge, proc_agent, cast)
 *   { host: 0, proc: 1, actor: 0, child: 1 } child actor 1 supervised by user actor 0
 */
import { z } from 'zod';

const Count = z.number().int().nonnegative();
const Ms = z.number().nonnegative();
/** Milliseconds: a number, or [min, max] drawn uniformly. */
export const MsRange = z.union([Ms, z.tuple([Ms, Ms])]);
export type MsRange = z.infer<typeof MsRange>;
const Rate = z.number().min(0).max(1);

export const Target = z.strictObject({
  host: Count,
  proc: z.union([z.literal('service'), z.literal('local'), Count]).optional(),
  actor: z.union([Count, z.string()]).optional(),
  child: Count.optional(),
});
export type Target = z.infer<typeof Target>;

export const FailureSpec = Target.extend({
  /** The error of the root-cause actor. */
  message: z.string().default('actor panicked: RuntimeError: CUDA error: an illegal memory access was encountered'),
  /** Simulated seconds after the mesh comes up (0: already failed). Lets watchers see it happen. */
  after_s: Ms.default(0),
  /** A failing child actor also fails its supervisor (is_propagated, same root cause). */
  propagate: z.boolean().default(true),
});
export type FailureSpec = z.infer<typeof FailureSpec>;

/** Relative weights of the live user actors' statuses. */
export const StatusWeights = z.strictObject({
  idle: Rate.optional(),
  processing: Rate.optional(),
  created: Rate.optional(),
  initializing: Rate.optional(),
  running: Rate.optional(),
  client: Rate.optional(),
  unknown: Rate.optional(),
  stopping: Rate.optional(),
  zombie: Rate.optional(),
});
export type StatusWeights = z.infer<typeof StatusWeights>;
export type StatusProfile = keyof StatusWeights;

export const PySpyScenario = z.strictObject({
  /** What every dump answers; Mixed: mostly Ok, sometimes Failed. */
  result: z.enum(['Ok', 'BinaryNotFound', 'Failed', 'Mixed']).default('Ok'),
  /** What the simulated Python workers are doing (their stacks). */
  mode: z.enum(['cpu', 'block', 'mixed']).default('cpu'),
  /** The server's py-spy runs with --locals: frames carry their arguments and locals (the real bridge does not ask for them). */
  locals: z.boolean().default(false),
  /**
   * Answer every flame graph recording with this SVG file, as it is (e.g. one `py-spy record`
   * wrote); a relative path is read from the current folder. Unset: draw a simulated recording.
   */
  svg_file: z.string().min(1).optional(),
  /** Warnings attached to every Ok result (e.g. a --native-all fallback). */
  warnings: z.array(z.string()).default([]),
  /** Time a dump takes, ms. */
  latency_ms: MsRange.default([40, 120]),
  /** Longest wall-clock wait of a simulated profile recording (its duration is scaled down to this). */
  max_profile_wait_ms: Ms.default(1000),
  /** The server's MESH_ADMIN_PYSPY_MAX_PROFILE_DURATION, seconds. */
  max_profile_duration_s: z.number().int().positive().default(300),
});
export type PySpyScenario = z.infer<typeof PySpyScenario>;

export const AdminScenario = z.strictObject({
  hosts: z.number().int().min(1).default(2),
  /** User procs per host (besides the service and local procs). */
  procs_per_host: Count.default(2),
  /** User actors per user proc (besides proc_agent and cast). */
  actors_per_proc: Count.default(3),
  /** Actors supervised by the first user actor of each user proc (they also belong to the proc). */
  child_actors: Count.default(0),
  /** Stopped actors kept in each user proc's stopped_children. */
  stopped_per_proc: Count.default(0),
  stopped_retention_cap: Count.default(100),
  /** Labels of user procs, used in turn. */
  proc_names: z.array(z.string().min(1)).min(1).default(['philosophers', 'trainer', 'replica']),
  /** Labels of user actors, used in turn. */
  actor_names: z.array(z.string().min(1)).min(1).default(['pyspy_worker', 'philosopher', 'learner', 'generator']),
  /** Channel of the references' locations. */
  transport: z.enum(['tcp', 'metatls', 'ipc']).default('tcp'),
  /** References in the legacy comma form (`unix:@hash,proc,actor[0]`) of older servers. */
  legacy_refs: z.boolean().default(false),
  /**
   * The form of each host's references (and of its procs' and actors'), host by host in turn:
   * `current` (`name<base58>.proc<base58>@tcp://...`), `legacy` (`unix:@hash,proc,actor[0]`) or
   * `opaque` (a form no Monarch release writes: uids outside base58, such as `<0a0B>`, and the
   * labels of proc_names and actor_names verbatim, spaces, `%`, `#`, `?`, `&`, `/` and all).
   * Unset: every host `legacy` with legacy_refs, else `current`.
   */
  ref_forms: z.array(z.enum(['current', 'legacy', 'opaque'])).min(1).optional(),
  /** Root `started_by` (default: $USER, $USERNAME, else "unknown", like the real server). */
  started_by: z.string().optional(),
  /** How long the mesh has been up when the mock starts, seconds. */
  uptime_s: Ms.default(3600),
  statuses: StatusWeights.default({ idle: 0.6, processing: 0.35, created: 0.03, initializing: 0.02 }),
  failures: z.array(FailureSpec).default([]),
  /** Extra user procs (chosen by the seed) poisoned by one failed actor each. */
  poisoned_procs: Count.default(0),
  /** Actors stuck in one handler: processing time and queue depth grow, an ordering session stalls. */
  stalled: z.array(Target).default([]),
  /** Latency of every resolve (`/v1/{ref}`, `/v1/tree`), ms. */
  latency_ms: MsRange.default(0),
  /** Extra latency for some nodes (at or above resolve_timeout_ms they answer 504). */
  slow: z.array(Target.extend({ latency_ms: MsRange })).default([]),
  /** Nodes whose resolve never completes (504 gateway_timeout after resolve_timeout_ms). */
  hung: z.array(Target).default([]),
  /** Nodes listed by their parent that have gone (404 not_found). */
  missing: z.array(Target).default([]),
  /** Probability that any resolve hangs past the resolve timeout (504). */
  timeout_rate: Rate.default(0),
  /** MESH_ADMIN_MAX_CONCURRENT_RESOLVES: concurrent resolves before 503 service_unavailable. */
  resolve_limit: z.number().int().min(1).default(2),
  /** MESH_ADMIN_SINGLE_HOST_TIMEOUT, ms (504 gateway_timeout after it). */
  resolve_timeout_ms: z.number().positive().default(3000),
  /** MESH_ADMIN_TREE_TIMEOUT: per-node budget of /v1/tree, ms. */
  tree_timeout_ms: z.number().positive().default(10_000),
  /** Whether a telemetry dashboard is configured (/v1/query, /v1/pyspy_dump answer 404 without). */
  telemetry: z.boolean().default(true),
  pyspy: PySpyScenario.default(() => PySpyScenario.parse({})),
  /** Configuration overrides shown by /v1/config (name → value; source Env). */
  config: z.record(z.string(), z.string()).default({}),
  /**
   * Deliberate departures from the API contract, so that clients' self-checks (`mesh selftest`,
   * `--validate`) can be seen to fail: one property at a time.
   */
  contract_breaks: z
    .strictObject({
      /** Serve /v1/schema with this `$id` instead of the real one (null: without `$id`). */
      schema_id: z.string().nullable().optional(),
      /** /v1/root lists no children. */
      empty_root: z.boolean().default(false),
      /** The first host answers with `parent: null`. */
      orphan_first_host: z.boolean().default(false),
      /** These nodes answer with a field of the wrong type (a number where the schema says string). */
      nonconforming: z.array(z.enum(['root', 'first_host'])).default([]),
    })
    .prefault({}),
});
export type AdminScenario = z.infer<typeof AdminScenario>;
export type AdminScenarioInput = z.input<typeof AdminScenario>;

/** The healthy default world (an omitted `admin:` section). */
export function defaultAdminScenario(): AdminScenario {
  return AdminScenario.parse({});
}

/** The `admin:` section schema with its default, for the scenario loader. */
export const AdminSection = AdminScenario.default(defaultAdminScenario);
