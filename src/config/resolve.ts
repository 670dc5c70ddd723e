/** Where each backend is and how to talk to it (endpoints.ts), with the contexts file read here. */
import type { EndpointFlags, Resolution } from './endpoints.js';
import { resolveWith } from './endpoints.js';
import { loadConfig } from './file.js';
import type { LoadedConfig } from './paths.js';

export * from './endpoints.js';

export function resolveEndpoints(flags: EndpointFlags, env: Record<string, string | undefined>, loaded: LoadedConfig = loadConfig(env)): Resolution {
  return resolveWith(flags, env, loaded);
}
