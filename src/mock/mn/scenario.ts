/** The `mn:` section of a scenario file: the simulated MirrorNeuron runtime behind the mock mn-api. */
import { z } from 'zod';

const Health = z.enum(['passing', 'warning', 'critical']);
const Count = z.number().int().min(0);

export const MnScenario = z
  .strictObject({
    /** Gateway token (default: MN_API_TOKEN of the mock's environment); every route but /health then needs it. */
    token: z.string().optional(),
    /** MN_ENV of the gateway, shown by /health. */
    env: z.enum(['dev', 'test', 'prod']).default('dev'),
    /** Simulated seconds a workflow step takes (a manifest step can override with simulate.duration_seconds). */
    step_seconds: z.number().positive().default(4),
    /** Simulated seconds a submitted job stays pending. */
    start_delay_seconds: z.number().nonnegative().default(1),
    /** Simulated seconds spent in pausing / cancelling. */
    transition_seconds: z.number().nonnegative().default(1),
    /** Step ids that fail in every job that has them. */
    fail_steps: z.array(z.string()).default([]),
    /** The mn.error.v1 failure those steps report. */
    failure: z
      .strictObject({
        code: z.string().default('workflow.step.retry_exhausted'),
        desc: z.string().default('Workflow step failed after exhausting its retries'),
        message: z.string().default('agent raised RuntimeError: upstream model endpoint returned 502'),
        category: z.enum(['timeout', 'scheduler', 'validation', 'cancelled', 'runtime']).default('runtime'),
        remediation: z.string().default('Check the agent logs for the step, the model endpoint it calls, and its retry settings.'),
      })
      .prefault({}),
    /** Health of the runtime components (core_grpc, api, web_ui, docker_model_runner, litellm_gateway). */
    components: z.record(z.string(), Health).default({}),
    /** Cluster members at start. */
    nodes: z.number().int().min(1).max(1000).default(2),
    /** Nodes reported unhealthy. */
    unhealthy_nodes: Count.default(0),
    /** Jobs already in the runtime when the mock starts. */
    seed_jobs: z.strictObject({ completed: Count.default(2), failed: Count.default(0), cancelled: Count.default(0), running: Count.default(1) }).prefault({}),
    /** Catalog blueprints beyond the built-in ones. */
    extra_blueprints: Count.default(0),
    /** Services by health. */
    services: z.strictObject({ passing: Count.default(3), warning: Count.default(0), critical: Count.default(0) }).prefault({}),
    /** MN_API_REQUEST_SIZE_LIMIT_BYTES. */
    request_limit_bytes: z.number().int().positive().default(5 * 1024 * 1024),
    /** Size of the downloadable report artifact of each run. */
    artifact_bytes: z.number().int().positive().max(512 * 1024 * 1024).default(256 * 1024),
    /** When set, node joins must present this token (else any non-empty token is accepted). */
    join_token: z.string().optional(),
    /** Schedules present at start. */
    seed_schedules: Count.default(1),
  })
  .prefault({});
export type MnScenario = z.infer<typeof MnScenario>;
