/** zod models of the astromeshd payloads; unknown keys are kept. */
import { z } from 'zod';

export const Health = z.looseObject({ status: z.string(), version: z.string().optional() });
export type Health = z.infer<typeof Health>;
