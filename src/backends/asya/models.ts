/**
 * zod models of the asya mesh API payloads (`/api/v1/mesh/`), and its status order. Unknown keys are
 * kept (z.looseObject) so nothing the server sent is dropped; statuses stay plain strings because the
 * server stores whatever a sidecar publishes.
 */
import { z } from 'zod';

export { canTransition, isTerminal, SIDECAR_STATUSES, STATUSES, statusRank, TERMINAL_STATUSES, type EnvelopeStatus } from './statuses.js';

/** The `data` blob of a stored envelope (MessageData); every key optional, unknown keys kept. */
export const EnvelopeData = z.looseObject({
  actor: z.string().optional(),
  status: z.string().optional(),
  progress: z.number().optional(),
  progress_percent: z.number().optional(),
  message: z.string().optional(),
  error: z.string().optional(),
  context_id: z.string().optional(),
  trace_id: z.string().optional(),
  parent_id: z.string().optional(),
  deadline_at: z.string().optional(),
  payload: z.unknown().optional(),
  headers: z.record(z.string(), z.unknown()).optional(),
  result: z.unknown().optional(),
  route_next: z.unknown().optional(),
});
export type EnvelopeData = z.infer<typeof EnvelopeData>;

/** GET {prefix}/mesh/{id} and each list item: id, status, created_at, updated_at, data (omitted when empty). */
export const Envelope = z.looseObject({
  id: z.string(),
  status: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  data: EnvelopeData.optional(),
});
export type Envelope = z.infer<typeof Envelope>;

/** GET {prefix}/mesh/ → {messages, total}; tolerant of a null list. */
export const EnvelopeList = z.looseObject({
  messages: z
    .array(Envelope)
    .nullish()
    .transform((v) => v ?? []),
  total: z.number().int().nonnegative(),
});
export type EnvelopeList = z.infer<typeof EnvelopeList>;

/** POST {prefix}/mesh/?actor=NAME body: every field optional, but the body must be JSON (at least `{}`). */
export const CreateRequest = z.looseObject({
  payload: z.unknown().optional(),
  headers: z.record(z.string(), z.unknown()).optional(),
  /** Seconds; when > 0 the server stores deadline_at = now + timeout. */
  timeout: z.number().int().nonnegative().optional(),
});
export type CreateRequest = z.infer<typeof CreateRequest>;

/** 201 {"id": "<uuid>"} */
export const CreateResponse = z.looseObject({ id: z.string().min(1) });
export type CreateResponse = z.infer<typeof CreateResponse>;

/** Internal POST {prefix}/mesh/{id}/events: a status event or a fly event (any other type is passed through). */
export const PublishEvent = z.looseObject({
  type: z.string(),
  status: z.string().optional(),
  data: z.record(z.string(), z.unknown()).optional(),
});
export type PublishEvent = z.infer<typeof PublishEvent>;

/** `data:` of an SSE `status` event: the stored blob (catch-up) or the published event's data. */
export const StatusEventData = z.looseObject({
  status: z.string().optional(),
  actor: z.string().optional(),
  progress: z.number().optional(),
  progress_percent: z.number().optional(),
  message: z.string().optional(),
  error: z.string().optional(),
});
export type StatusEventData = z.infer<typeof StatusEventData>;

/** `data:` of an SSE `fly` event. */
export const FlyEventData = z.looseObject({ text: z.string().optional() });
export type FlyEventData = z.infer<typeof FlyEventData>;
