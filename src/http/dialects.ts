/**
 * Every backend's error dialect mapped into the one MeshError:
 *  - admin:     {"error":{"code","message","details"?}}  (branch on code, never on status)
 *  - mn:        {"detail": string|list|object}, {"error": "...", ...}, application/problem+json
 *  - asya:      text/plain bodies that look like JSON: {"error":"not found"}\n, or bare text
 *  - astromesh: {"detail": string | [{loc,msg,type}] | {error,message,hint}}, plain-text 500
 *  - grid:      status codes, body text if any
 */
import { MeshError, type Backend, type ErrorKind } from '../errors.js';

const STATUS_CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  408: 'request_timeout',
  409: 'conflict',
  410: 'gone',
  412: 'precondition_failed',
  413: 'request_too_large',
  415: 'unsupported_media_type',
  422: 'validation_failed',
  429: 'rate_limited',
  500: 'internal_error',
  501: 'not_implemented',
  502: 'bad_gateway',
  503: 'service_unavailable',
  504: 'gateway_timeout',
};

export function codeForStatus(status: number): string {
  return STATUS_CODES[status] ?? `http_${status}`;
}

export function kindForStatus(status: number): ErrorKind {
  if (status === 401 || status === 403) return 'auth';
  if (status === 404 || status === 410) return 'not_found';
  if (status >= 400 && status < 500 && status !== 408 && status !== 429) return 'usage';
  return 'server';
}

/** Kinds for the admin API's stable codes (SKILL.md: branch on error.code). */
const ADMIN_KINDS: Record<string, ErrorKind> = {
  not_found: 'not_found',
  bad_request: 'usage',
  gateway_timeout: 'server',
  service_unavailable: 'server',
  internal_error: 'server',
};

const RETRYABLE_CODES = new Set(['service_unavailable', 'rate_limited', 'resource_overloaded']);

const BACKEND_TITLES: Record<Backend, string> = {
  admin: 'mesh admin',
  mn: 'mn-api',
  asya: 'asya mesh api',
  astromesh: 'astromesh daemon',
  grid: 'grid diagnostics',
};

function tryJson(text: string): unknown {
  const t = text.trim();
  if (!(t.startsWith('{') || t.startsWith('['))) return undefined;
  try {
    return JSON.parse(t);
  } catch {
    return undefined;
  }
}

function asRecord(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

/** A short, single-line excerpt of a non-JSON body (an HTML error page, plain text). */
export function excerpt(text: string, max = 200): string {
  const stripped = text
    .replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return stripped.length > max ? stripped.slice(0, max) + '…' : stripped;
}

function defaultHint(backend: Backend, kind: ErrorKind, status: number): string | undefined {
  if (kind === 'auth') {
    switch (backend) {
      case 'mn':
        return 'set MN_API_TOKEN (or token-env in the context) to the gateway token';
      case 'grid':
        return 'set GRID_TOKEN (or token-env in the context) to a valid API token with diagnostics access';
      default:
        return 'check the credentials configured for this backend';
    }
  }
  // not found: the command that was run knows where to list what exists (its noun's hint, src/cli/run.ts)
  if (status === 503) return 'the server is busy; try again shortly';
  if (status === 405) return 'the server does not accept this method here; check the URL (wrong port or base path?)';
  if (kind === 'server') return `the ${BACKEND_TITLES[backend]} failed; check its logs`;
  return undefined;
}

export interface HttpFailure {
  backend: Backend;
  status: number;
  contentType: string;
  body: string;
  retryAfterS?: number;
  /** `METHOD URL` of the request, for the message. */
  what?: string;
  /** The endpoint's base URL, for a hint when no route matched. */
  baseUrl?: string;
}

/** Where each backend's routes live below the base URL a user gives. */
const BASE_PATHS: Record<Backend, string> = {
  admin: 'the admin API answers at /v1 below --addr: give host:port or https://host:1729, with no path',
  mn: 'mn-api routes live under /api/v1: e.g. --mn-url http://host:54001/api/v1 (env MN_API_BASE_URL)',
  asya: 'the asya routes live under /api/v1 of the server root: e.g. --asya-url http://host:8080 (internal: --asya-internal-url http://host:8081), with no path',
  astromesh: 'the daemon answers at its root: e.g. --astromesh-url http://host:8000, with no path',
  grid: 'the diagnostics routes live below the portal root: e.g. --grid-url https://portal.example, with no path',
};

/**
 * A 404 that names no resource: the route itself is missing (the server's own default answer:
 * FastAPI's `{"detail":"Not Found"}`, Go's `404 page not found`, an empty body or an HTML page).
 * Resources that do not exist are answered with their own words (`run not found`, `{"error":"not found"}`...).
 */
function isRouteMiss(f: HttpFailure, obj: Record<string, unknown> | undefined): boolean {
  if (f.status !== 404) return false;
  const body = f.body.trim();
  if (body === '' || body === '404 page not found') return true;
  // a JSON body names what was not found (an admin envelope, `{"detail":"run not found"}`...)
  if (obj) return Object.keys(obj).length === 1 && obj.detail === 'Not Found';
  return f.contentType.includes('text/html') || /^<(!doctype|html)/i.test(body);
}

/** Map any non-2xx answer from any backend into a MeshError. */
export function mapHttpError(f: HttpFailure): MeshError {
  const json = tryJson(f.body);
  const obj = asRecord(json);
  if (isRouteMiss(f, obj)) {
    return new MeshError({
      kind: 'usage',
      code: 'route_not_found',
      backend: f.backend,
      status: 404,
      message: `${f.what ?? 'the request'} answered 404 Not Found: the ${BACKEND_TITLES[f.backend]} has no such route`,
      hint: `the base URL may be wrong${f.baseUrl ? ` (${f.baseUrl})` : ''}; ${BASE_PATHS[f.backend]}`,
    });
  }
  let code: string | undefined;
  let message: string | undefined;
  let hint: string | undefined;
  let details: unknown;

  if (f.backend === 'admin') {
    const env = asRecord(obj?.error);
    if (env && str(env.code)) {
      code = str(env.code);
      message = str(env.message) ?? code;
      details = env.details;
    }
  }

  if (!message && obj) {
    // problem+json (mn): error code + title/detail + hint + errors[]
    const detail = obj.detail;
    const dObj = asRecord(detail);
    if (str(obj.title) && (str(obj.type) || f.contentType.includes('problem+json'))) {
      code = str(obj.error) ?? code;
      message = [str(obj.title), str(detail)].filter(Boolean).join(': ');
      hint = str(obj.hint);
      if (Array.isArray(obj.errors) && obj.errors.length) details = obj.errors;
      else if (asRecord(obj.validation) && Array.isArray((obj.validation as Record<string, unknown>).issues)) details = (obj.validation as Record<string, unknown>).issues;
    } else if (dObj) {
      // astromesh 502 provider object, or mn object detail
      code = str(dObj.error) ?? str(dObj.code);
      message = str(dObj.message) ?? str(dObj.detail) ?? JSON.stringify(dObj);
      hint = str(dObj.hint);
    } else if (Array.isArray(detail)) {
      // FastAPI / pydantic validation list
      message = 'the server rejected the request: validation failed';
      details = detail;
    } else if (str(detail)) {
      message = str(detail);
      const errCode = str(obj.error);
      if (errCode && /^[a-z0-9_.]+$/i.test(errCode)) code = errCode;
    } else if (str(obj.error)) {
      // mn gRPC errors {"error":"job x was not found"}, mn {"error":"request_too_large","limit_bytes":N},
      // asya {"error":"not found"}
      const e = str(obj.error)!;
      if (/^[a-z][a-z0-9_]*$/.test(e) && e.includes('_')) {
        code = e;
        const rest = Object.fromEntries(Object.entries(obj).filter(([k]) => k !== 'error'));
        message = e.replace(/_/g, ' ');
        if (Object.keys(rest).length) details = rest;
      } else {
        message = e;
      }
    } else if (str(obj.message)) {
      message = str(obj.message);
      code = str(obj.code);
    }
  }

  if (!message) {
    const text = excerpt(f.body);
    message = text ? `HTTP ${f.status}: ${text}` : `HTTP ${f.status} with an empty body`;
  }

  const status = f.status;
  let kind: ErrorKind;
  // 401/403 are always an auth refusal (exit 13), whatever code the body carries
  if (status === 401 || status === 403) kind = 'auth';
  else if (f.backend === 'admin' && code && Object.hasOwn(ADMIN_KINDS, code)) kind = ADMIN_KINDS[code]!;
  else kind = kindForStatus(status);
  // mn passes gRPC errors through as 500 {"error":"<details>"}: NOT_FOUND and FAILED_PRECONDITION read by their text
  if (f.backend === 'mn' && status === 500 && !code && /\bwas not found\b|\bnot found\b/i.test(message)) {
    kind = 'not_found';
    code = 'not_found';
  } else if (f.backend === 'mn' && status === 500 && !code && /\bcannot be (paused|resumed|cancelled|canceled)\b/i.test(message)) {
    kind = 'failed';
    code = 'failed_precondition';
    hint ??= 'check its status first (meshscope job get ID)';
  }
  code ??= codeForStatus(status);

  if (f.backend === 'admin' && code === 'gateway_timeout') {
    hint ??= 'the node did not answer in time; it may still exist — try again or check its host';
  }
  if (f.backend === 'astromesh' && status === 503 && /mesh/i.test(message)) {
    hint ??= 'mesh mode is disabled on this daemon; enable spec.mesh in its config';
  }
  hint ??= defaultHint(f.backend, kind, status);

  return new MeshError({
    kind,
    code,
    message,
    hint,
    backend: f.backend,
    status,
    // astromeshd's 503s for a disabled mesh or a missing runtime are configuration, not load: no retry.
    retryable: (RETRYABLE_CODES.has(code) || status === 503 || status === 429) && !(f.backend === 'astromesh' && status === 503 && /not enabled|not initialized/i.test(message)),
    details,
    retryAfterS: f.retryAfterS,
  });
}

/** Retry-After: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Number(v);
  const t = Date.parse(v);
  if (Number.isNaN(t)) return undefined;
  return Math.max(0, (t - now) / 1000);
}
