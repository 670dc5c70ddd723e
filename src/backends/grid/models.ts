/**
 * Models of the Grid diagnostics API: the body of `POST /internal/v1/pprof` and the profile types
 * a grid module can produce. The answer is a gzip-compressed pprof protobuf (binary, no JSON).
 */
import { z } from 'zod';
import { PROFILE_TYPES, type ProfileType } from '../../vocab/grid.js';

// the profile types are shared with the mock
export { PROFILE_TYPES, type ProfileType };

export const PROFILE_DESCRIPTIONS: Record<ProfileType, string> = {
  cpu: 'CPU usage (30-second sample)',
  allocs: 'memory allocations',
  heap: 'heap memory',
  goroutine: 'goroutine stack traces',
  block: 'blocking',
  mutex: 'mutex contention',
  threadcreate: 'thread creation',
};

/** The module profiled when none is named. */
export const DEFAULT_MODULE = 'grid.client';

/** How long the server takes to sample a CPU profile, seconds. */
export const CPU_PROFILE_SECONDS = 30;

export function isProfileType(value: string): value is ProfileType {
  return (PROFILE_TYPES as readonly string[]).includes(value);
}

/** Body of `POST /internal/v1/pprof`. */
export const PprofRequest = z.object({
  /** Grid client node id (a UUID on real grids). */
  client: z.string().min(1),
  /** Module name; the server's default is grid.client. */
  module: z.string().min(1).optional(),
  profile: z.enum(PROFILE_TYPES),
});
export type PprofRequest = z.infer<typeof PprofRequest>;

/** What a capture returns: the profile bytes and the name the server suggests for the file. */
export interface PprofCapture {
  request: PprofRequest;
  /** gzip-compressed pprof protobuf, as sent by the server. */
  bytes: Buffer;
  /** From `Content-Disposition: attachment; filename=...`, made safe as a local file name. */
  filename?: string;
  contentType?: string;
}
