/** zod models of the mn-api payloads (June–July /api/v1 era); unknown keys are kept. */
import { z } from 'zod';

export const ComponentStatus = z.enum(['passing', 'warning', 'critical']);

export const RuntimeComponent = z.looseObject({
  name: z.string(),
  status: z.string(),
  target: z.string().nullish(),
  duration_ms: z.number().nullish(),
  detail: z.string().nullish(),
  error: z.string().nullish(),
});
export type RuntimeComponent = z.infer<typeof RuntimeComponent>;

export const RuntimeHealth = z.looseObject({
  overall: z.string(),
  checked_at: z.string().nullish(),
  components: z.array(RuntimeComponent).default([]),
});
export type RuntimeHealth = z.infer<typeof RuntimeHealth>;

export const GatewayHealth = z.looseObject({ status: z.string(), auth: z.string().optional() });
