/**
 * The contexts file (like kubeconfig): named contexts, each naming what it knows of each backend.
 * Every key of a backend is optional: a context may name a token or a CA before (or without) a
 * URL, which then comes from a flag, the environment or the default.
 */
import { z } from 'zod';

const url = z.string().min(1, 'must not be empty').optional();

/** Verification of the backend's certificate: every backend takes a CA and `insecure`. */
const TlsFields = {
  ca: z.string().min(1, 'must not be empty').optional(),
  insecure: z.boolean().optional(),
};

export const AdminEntry = z.strictObject({
  url,
  ...TlsFields,
  cert: z.string().min(1, 'must not be empty').optional(),
  key: z.string().min(1, 'must not be empty').optional(),
  plaintext: z.boolean().optional(),
});

const TokenFields = {
  'token-env': z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name').optional(),
  'token-file': z.string().min(1, 'must not be empty').optional(),
};

export const MnEntry = z.strictObject({ url, ...TokenFields, ...TlsFields });
/** asya's `ca` and `insecure` hold for both of its URLs. */
export const AsyaEntry = z.strictObject({ url, 'internal-url': url, ...TlsFields });
export const AstromeshEntry = z.strictObject({ url, ...TlsFields });
export const GridEntry = z.strictObject({ url, ...TokenFields, ...TlsFields });

/** Each backend's entry, by the name it has in the file. */
export const BACKEND_ENTRIES = { admin: AdminEntry, mn: MnEntry, asya: AsyaEntry, astromesh: AstromeshEntry, grid: GridEntry } as const;
export type BackendKey = keyof typeof BACKEND_ENTRIES;

// an entry left empty (`mn:` with nothing under it) is the same as no entry
const entry = <T extends z.ZodType>(schema: T) => schema.nullish().transform((v) => v ?? undefined);

export const ContextEntry = z.strictObject({
  admin: entry(AdminEntry),
  mn: entry(MnEntry),
  asya: entry(AsyaEntry),
  astromesh: entry(AstromeshEntry),
  grid: entry(GridEntry),
});
export type ContextEntry = { [K in BackendKey]?: z.infer<(typeof BACKEND_ENTRIES)[K]> };

export const ConfigFile = z.strictObject({
  'current-context': z.string().optional(),
  contexts: z.record(z.string(), ContextEntry.nullable().transform((v) => v ?? {})).default({}),
});
export type ConfigFile = z.infer<typeof ConfigFile>;
