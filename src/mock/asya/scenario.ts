/** The `asya:` section of a mock scenario: the envelope world, its simulated actors and stream faults. */
import { z } from 'zod';

const Ms = z.union([z.number().nonnegative(), z.tuple([z.number().nonnegative(), z.number().nonnegative()])]);
const Rate = z.number().min(0).max(1);

export const AsyaActor = z.strictObject({
  /** The actor (queue) name envelopes are sent to. */
  name: z.string().min(1),
  /** Simulated ms between the envelope being created and the actor picking it up. */
  pickup_ms: Ms.default([150, 400]),
  /** Before picking an envelope up, wait up to this long (real ms) for a watcher to attach, so no fly token is missed. */
  await_subscriber_ms: z.number().nonnegative().default(0),
  /** The text streamed as fly tokens (word by word); `{payload}` is replaced by the payload's JSON. */
  text: z.string().default('Processed: {payload}'),
  /** Simulated ms between two fly tokens. */
  token_ms: Ms.default([20, 80]),
  /** Progress status events published while streaming (evenly spread). */
  progress_steps: z.number().int().nonnegative().default(4),
  /** How the envelope ends: `succeeded`, `failed`, or `hang` (never finishes: the deadline reaper or a cancel ends it). */
  outcome: z.enum(['succeeded', 'failed', 'hang']).default('succeeded'),
  /** Chance that an envelope fails even though the outcome is `succeeded`. */
  fail_rate: Rate.default(0),
  /** The error stored on failure. */
  error: z.string().default('simulated failure'),
  /** Cut the SSE connections of this actor's envelopes after this many events were written on a connection. */
  cut_stream: z
    .strictObject({
      after_events: z.number().int().positive(),
      /** How many connections per envelope are cut. */
      times: z.number().int().positive().default(1),
      /** `reset`: destroy the socket; `close`: end the response cleanly before the final status. */
      mode: z.enum(['reset', 'close']).default('reset'),
    })
    .optional(),
});
export type AsyaActor = z.infer<typeof AsyaActor>;

export const DEFAULT_ACTORS: z.input<typeof AsyaActor>[] = [
  { name: 'echo' },
  { name: 'writer', text: 'The mesh carried the envelope from actor to actor, and every hop streamed a little more of the answer back to the caller.', progress_steps: 5 },
  { name: 'failer', text: 'Trying hard...', outcome: 'failed', error: 'simulated failure: the model refused the input' },
];

export const AsyaScenario = z
  .strictObject({
    /** ASYA_MESH_API_PREFIX: the API lives at {prefix}/mesh/. */
    prefix: z.string().default('/api/v1'),
    /** Seconds between `:keepalive` comments on SSE streams (real seconds). */
    keepalive_s: z.number().positive().default(15),
    /** Seconds between deadline reaper sweeps (ASYA_BACKSTOP_INTERVAL, simulated seconds). */
    backstop_interval_s: z.number().positive().default(5),
    /** ASYA_NAMESPACE (the create call's `namespace` query parameter is accepted and ignored, as on the real server). */
    namespace: z.string().default('default'),
    /** Finished envelopes already in the store when the mock starts (for list). */
    history: z.number().int().nonnegative().default(12),
    /** Simulated actors; envelopes for any other actor stay pending. Omit for echo, writer and failer. */
    actors: z.array(AsyaActor).default(() => DEFAULT_ACTORS.map((a) => AsyaActor.parse(a))),
  })
  .prefault({});
export type AsyaScenario = z.infer<typeof AsyaScenario>;
