/**
 * Typed client of the Monarch mesh admin API. References are opaque: each one is percent-encoded
 * whole, as one path segment, and never parsed. Errors ({"error":{code,message}}) are mapped by
 * the HTTP client into MeshError with the server's `error.code`.
 */
import { MeshError } from '../../errors.js';
import { seg, type HttpClient, type RequestOptions } from '../../http/client.js';
import {
  AdminInfo,
  ConfigDumpResult,
  JsonDocument,
  NodePayload,
  PySpyProfileOpts,
  PYSPY_DEFAULT_MAX_DURATION_S,
  PySpyResult,
  PyspyDumpAndStoreResponse,
  QueryResponse,
} from './models.js';

/** Per-call options: a timeout of its own, cancellation, and the retry count. */
export interface CallOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
  retries?: number;
}

export type SchemaKind = 'node' | 'admin' | 'error' | 'openapi';

export const SCHEMA_PATHS: Record<SchemaKind, string> = {
  node: 'v1/schema',
  admin: 'v1/schema/admin',
  error: 'v1/schema/error',
  openapi: 'v1/openapi.json',
};

/** The URL path (below the base) at which a reference is resolved: `v1/` + the encoded reference. */
export function refPath(ref: string): string {
  return `v1/${seg(ref)}`;
}

export class AdminClient {
  constructor(readonly http: HttpClient) {}

  private req(path: string, opts: CallOptions = {}, extra: Partial<RequestOptions> = {}): RequestOptions {
    return { path, timeoutMs: opts.timeoutMs, signal: opts.signal, retries: opts.retries, ...extra };
  }

  /** `GET /v1/admin`: the admin agent's identity and URL. */
  info(opts?: CallOptions): Promise<AdminInfo> {
    return this.http.json(this.req('v1/admin', opts), AdminInfo);
  }

  /** The server's JSON Schema (`node`, `admin`, `error`) or its OpenAPI document. */
  schema(kind: SchemaKind = 'node', opts?: CallOptions): Promise<JsonDocument> {
    return this.http.json(this.req(SCHEMA_PATHS[kind], opts), JsonDocument);
  }

  /** `GET /v1/openapi.json` (OpenAPI 3.1). */
  openapi(opts?: CallOptions): Promise<JsonDocument> {
    return this.schema('openapi', opts);
  }

  /** `GET /v1/root`: the synthetic root node. */
  root(opts?: CallOptions): Promise<NodePayload> {
    return this.get('root', opts);
  }

  /** `GET /v1/{reference}`: resolve any reference to its node. */
  get(ref: string, opts?: CallOptions): Promise<NodePayload> {
    return this.http.json(this.req(refPath(ref), opts), NodePayload);
  }

  /** Resolve without validation: the body exactly as the server sent it (for schema checks). */
  async getRaw(ref: string, opts?: CallOptions): Promise<unknown> {
    return this.http.json(this.req(refPath(ref), opts));
  }

  /** `GET /v1/tree`: the server's ASCII topology dump. */
  async tree(opts?: CallOptions): Promise<string> {
    return (await this.http.text(this.req('v1/tree', opts))).text;
  }

  /** `GET /v1/config/{proc}`: the effective configuration of a proc. */
  config(proc: string, opts?: CallOptions): Promise<ConfigDumpResult> {
    return this.http.json(this.req(`v1/config/${seg(proc)}`, opts), ConfigDumpResult);
  }

  /** `POST /v1/query`: SQL on the telemetry engine. A query only reads, so a refused or dropped one is retried. */
  query(sql: string, opts?: CallOptions): Promise<QueryResponse> {
    return this.http.json(this.req('v1/query', opts, { method: 'POST', json: { sql }, idempotent: true }), QueryResponse);
  }

  /** `GET /SKILL.md`: the server's own usage guide. */
  async skill(opts?: CallOptions): Promise<string> {
    return (await this.http.text(this.req('SKILL.md', opts, { headers: { accept: 'text/markdown' } }))).text;
  }

  /** `GET /v1/pyspy/{proc}`: a one-shot py-spy stack dump. */
  pyspy(proc: string, opts?: CallOptions): Promise<PySpyResult> {
    return this.http.json(this.req(`v1/pyspy/${seg(proc)}`, opts), PySpyResult);
  }

  /** `POST /v1/pyspy_dump/{proc}`: dump and store in telemetry; returns the dump id. */
  pyspyDump(proc: string, opts?: CallOptions): Promise<PyspyDumpAndStoreResponse> {
    return this.http.json(this.req(`v1/pyspy_dump/${seg(proc)}`, opts, { method: 'POST' }), PyspyDumpAndStoreResponse);
  }

  /**
   * `POST /v1/pyspy_profile_svg/{proc}`: record a profile and return the SVG flame graph. The
   * default timeout follows the server's: the duration plus 20 s.
   */
  async pyspyProfileSvg(proc: string, opts: PySpyProfileOpts, call: CallOptions = {}): Promise<string> {
    return (await this.pyspyProfileSvgBytes(proc, opts, call)).toString('utf8');
  }

  /** The same, as the bytes the server sent (py-spy's SVG, to be saved byte for byte). */
  async pyspyProfileSvgBytes(proc: string, opts: PySpyProfileOpts, call: CallOptions = {}): Promise<Buffer> {
    const parsed = PySpyProfileOpts.safeParse(opts);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new MeshError({
        kind: 'usage',
        code: 'bad_profile_options',
        backend: 'admin',
        message: `invalid profile options: ${issue.path.join('.') || 'body'}: ${issue.message}`,
        hint: `duration_s must be at least 1 (the server's maximum is ${PYSPY_DEFAULT_MAX_DURATION_S} s by default) and rate_hz 1..=1000`,
      });
    }
    const body = parsed.data;
    const timeoutMs = call.timeoutMs ?? (body.duration_s + 20) * 1000;
    const r = await this.http.bytes(this.req(`v1/pyspy_profile_svg/${seg(proc)}`, { ...call, timeoutMs }, { method: 'POST', json: body, headers: { accept: 'image/svg+xml' } }));
    return r.bytes;
  }
}
