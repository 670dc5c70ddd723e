/** The contexts file (like kubeconfig): named contexts, each naming the endpoint of each backend. */
import { z } from 'zod';

const url = z.string().min(1, 'must not be empty');

export const AdminEntry = z.strictObject({
  url,
  ca: z.string().optional(),
  cert: z.string().optional(),
  key: z.string().optional(),
  plaintext: z.boolean().optional(),
  insecure: z.boolean().optional(),
});

const TokenFields = {
  'token-env': z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name').optional(),
  'token-file': z.string().optional(),
};

export const MnEntry = z.strictObject({ url, ...TokenFields, ca: z.string().optional(), insecure: z.boolean().optional() });
export const AsyaEntry = z.strictObject({ url, 'internal-url': z.string().optional() });
export const AstromeshEntry = z.strictObject({ url });
export const GridEntry = z.strictObject({ url, ...TokenFields, ca: z.string().optional(), insecure: z.boolean().optional() });

export const ContextEntry = z.strictObject({
  admin: AdminEntry.optional(),
  mn: MnEntry.optional(),
  asya: AsyaEntry.optional(),
  astromesh: AstromeshEntry.optional(),
  grid: GridEntry.optional(),
});
export type ContextEntry = z.infer<typeof ContextEntry>;

export const ConfigFile = z.strictObject({
  'current-context': z.string().optional(),
  contexts: z.record(z.string(), ContextEntry.nullable().transform((v) => v ?? {})).default({}),
});
export type ConfigFile = z.infer<typeof ConfigFile>;
