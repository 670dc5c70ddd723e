/**
 * Typed client of the Grid diagnostics API: `POST /internal/v1/pprof` with the bearer token the
 * endpoint carries (GRID_TOKEN or the context's token-env/token-file). Failures arrive as MeshError
 * from the HTTP client; capture() rewords them for the one thing it does (profiling a node).
 */
import { MeshError, usageError } from '../../errors.js';
import { safeFilename } from '../../files.js';
import type { HttpClient } from '../../http/client.js';
import { CPU_PROFILE_SECONDS, DEFAULT_MODULE, PROFILE_TYPES, PprofRequest, isProfileType, type PprofCapture } from './models.js';

export interface CaptureOptions {
  signal?: AbortSignal;
  /** Per-request timeout, ms (default: 60 s for cpu, which samples for 30 s; 30 s otherwise). */
  timeoutMs?: number;
}

/** The file name of a `Content-Disposition` header (`filename*=UTF-8''...` wins over `filename=`). */
export function dispositionFilename(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const star = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(header);
  if (star) {
    try {
      return decodeURIComponent(star[2].trim());
    } catch {
      // fall through to the plain parameter
    }
  }
  const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]+))/i.exec(header);
  if (!plain) return undefined;
  return (plain[1] !== undefined ? plain[1].replace(/\\(.)/g, '$1') : plain[2]).trim();
}

/** The rule for a server-suggested file name lives with every other rule about files (src/files.ts). */
export { safeFilename };

/** Validate a capture request before anything is sent (unknown profile types are refused here). */
export function checkRequest(input: { client?: string; profile?: string; module?: string }): PprofRequest {
  if (!input.client) throw usageError('--client is required: the id of the grid node to profile', 'pass --client NODE_ID (for the mock, the ids are listed under grid.nodes in the scenario file)');
  if (!input.profile) throw usageError('--profile is required', `choose one of: ${PROFILE_TYPES.join(', ')}`);
  if (!isProfileType(input.profile)) throw usageError(`unknown profile type "${input.profile}"`, `choose one of: ${PROFILE_TYPES.join(', ')}`, 'unknown_profile');
  if (input.module !== undefined && !input.module.trim()) throw usageError('--module is empty', `name a grid module, e.g. ${DEFAULT_MODULE} (the default)`);
  return { client: input.client, profile: input.profile, ...(input.module ? { module: input.module } : {}) };
}

export class GridClient {
  constructor(readonly http: HttpClient) {}

  /** True when the endpoint carries credentials (a bearer token or a cookie header). */
  hasCredentials(): boolean {
    const h = this.http.authHeaders();
    return Object.keys(h).some((k) => k.toLowerCase() === 'authorization' || k.toLowerCase() === 'cookie');
  }

  /** `POST /internal/v1/pprof`: capture one profile of one node's module. */
  async capture(input: { client?: string; profile?: string; module?: string }, opts: CaptureOptions = {}): Promise<PprofCapture> {
    const request = checkRequest(input);
    if (!this.hasCredentials()) {
      throw new MeshError({
        kind: 'auth',
        code: 'no_token',
        backend: 'grid',
        message: 'no grid API token: the diagnostics API requires one',
        hint: 'set GRID_TOKEN, or token-env/token-file in the context (the embedded mock accepts any token, e.g. GRID_TOKEN=dev)',
      });
    }
    const timeoutMs = opts.timeoutMs ?? (request.profile === 'cpu' ? (CPU_PROFILE_SECONDS + 30) * 1000 : undefined);
    try {
      const r = await this.http.bytes({
        method: 'POST',
        path: 'internal/v1/pprof',
        json: PprofRequest.parse(request),
        headers: { accept: 'application/octet-stream' },
        // Profiling changes nothing on the node: a 503 or a dropped connection may be retried.
        idempotent: true,
        timeoutMs,
        signal: opts.signal,
      });
      const header = (name: string) => {
        const v = r.headers[name];
        return Array.isArray(v) ? v[0] : v;
      };
      return { request, bytes: r.bytes, // the server's name, marked as the server's: it starts with the profile type
        // (`hydden-heap-...` as the grid names them, else `heap-NAME`), never with a dot or a dash
        filename: safeFilename(dispositionFilename(header('content-disposition')), request.profile, [`hydden-${request.profile}`]), contentType: header('content-type') };
    } catch (e) {
      throw explainCaptureError(e, request);
    }
  }
}

/** Reword the grid's status-code answers for a capture: what failed, and what to do. */
export function explainCaptureError(e: unknown, request: PprofRequest): unknown {
  if (!(e instanceof MeshError) || e.backend !== 'grid' || e.status === undefined) return e;
  const server = e.message.replace(/^HTTP \d+: /, '').trim();
  const base = { backend: 'grid' as const, status: e.status, details: server ? [`the grid said: ${server}`] : e.details, retryable: e.retryable };
  const module = request.module ?? DEFAULT_MODULE;
  switch (e.status) {
    case 400:
      return new MeshError({ ...base, kind: 'usage', code: 'bad_request', message: `the grid refused the request for a ${request.profile} profile of module ${module} (HTTP 400)`, hint: `check --profile (${PROFILE_TYPES.join(', ')}) and --module (default ${DEFAULT_MODULE})` });
    case 401:
    case 403:
      return new MeshError({ ...base, kind: 'auth', code: e.status === 401 ? 'unauthorized' : 'forbidden', message: `the grid refused the credentials (HTTP ${e.status})`, hint: 'set GRID_TOKEN (or token-env in the context) to an API token with diagnostics access' });
    case 404:
      return new MeshError({ ...base, kind: 'not_found', code: 'node_not_found', message: `grid node ${request.client} not found or offline (HTTP 404)`, hint: 'check the node id (for the embedded mock, the ids are listed under grid.nodes in the scenario file)' });
    case 500:
      return new MeshError({ ...base, kind: 'server', code: 'profiling_failed', message: `profiling failed on node ${request.client}: module ${module} did not answer (HTTP 500)`, hint: 'check that the module is running on the node, then try again' });
    default:
      return e;
  }
}
