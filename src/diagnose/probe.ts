/**
 * The probe: one `GET /v1/{reference}` over the shared HTTP client, timed, under a deadline that
 * covers connect, headers, the whole body, decoding and conversion, classified and worded exactly
 * as the reference TUI does (`HTTP 504 Gateway Timeout`, `timed out after 5000ms`,
 * `Request failed: error sending request for url (...)`, `Parse error: ...`, `Conversion error: ...`).
 *
 * Around it, the prober: a slot from the adaptive limiter per attempt, and 503
 * `service_unavailable` treated as back-pressure (retried after a short jittered pause with a
 * smaller window; the check's time is the real total). A connection the server closed before
 * answering is retried too (at most RESET_RETRIES times): a GET is safe to repeat, and a dropped
 * connection says nothing about the node. In serial mode both are a Fail, as in the reference TUI.
 */
import { MeshError } from '../errors.js';
import { sleep as waitMs, type HttpClient } from '../http/client.js';
import type { NodePayload } from '../backends/admin/models.js';
import { decodeNode } from './convert.js';
import type { AdaptiveLimiter, AttemptKind } from './limiter.js';
import { encodeRefSegment } from '../backends/admin/refs.js';
import type { Outcome } from './types.js';

/** The http crate's canonical reason phrases (what `HTTP {code} {reason}` prints). */
const REASONS: Record<number, string> = {
  100: 'Continue', 101: 'Switching Protocols', 102: 'Processing',
  200: 'OK', 201: 'Created', 202: 'Accepted', 203: 'Non Authoritative Information', 204: 'No Content', 205: 'Reset Content',
  206: 'Partial Content', 207: 'Multi-Status', 208: 'Already Reported', 226: 'IM Used',
  300: 'Multiple Choices', 301: 'Moved Permanently', 302: 'Found', 303: 'See Other', 304: 'Not Modified', 305: 'Use Proxy',
  307: 'Temporary Redirect', 308: 'Permanent Redirect',
  400: 'Bad Request', 401: 'Unauthorized', 402: 'Payment Required', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
  406: 'Not Acceptable', 407: 'Proxy Authentication Required', 408: 'Request Timeout', 409: 'Conflict', 410: 'Gone',
  411: 'Length Required', 412: 'Precondition Failed', 413: 'Payload Too Large', 414: 'URI Too Long', 415: 'Unsupported Media Type',
  416: 'Range Not Satisfiable', 417: 'Expectation Failed', 418: "I'm a teapot", 421: 'Misdirected Request',
  422: 'Unprocessable Entity', 423: 'Locked', 424: 'Failed Dependency', 426: 'Upgrade Required', 428: 'Precondition Required',
  429: 'Too Many Requests', 431: 'Request Header Fields Too Large', 451: 'Unavailable For Legal Reasons',
  500: 'Internal Server Error', 501: 'Not Implemented', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
  505: 'HTTP Version Not Supported', 506: 'Variant Also Negotiates', 507: 'Insufficient Storage', 508: 'Loop Detected',
  510: 'Not Extended', 511: 'Network Authentication Required',
};

/** `HTTP 504 Gateway Timeout`; `HTTP 599 <unknown status code>` for a code without a phrase. */
export function httpStatusText(status: number): string {
  return `HTTP ${status} ${REASONS[status] ?? '<unknown status code>'}`;
}

export function timeoutText(budgetMs: number): string {
  return `timed out after ${budgetMs}ms`;
}

/** The path of a reference below the admin base URL. */
export function probePath(ref: string): string {
  return `v1/${encodeRefSegment(ref)}`;
}

/** Thrown when the run ended (run timeout, Ctrl-C) while a probe was in flight: its result is lost. */
export class ProbeAbandoned extends Error {
  constructor() {
    super('probe abandoned: the run is over');
    this.name = 'ProbeAbandoned';
  }
}

export type AttemptResult =
  | { ok: true; payload: NodePayload; elapsedMs: number }
  | { ok: false; error: string; elapsedMs: number; status?: number; busy: boolean; reset?: boolean; cause?: MeshError };

/** How often one check retries a connection closed before any answer. */
export const RESET_RETRIES = 3;

const MAX_BODY = 64 * 1024 * 1024;

/**
 * One GET of one reference, as the reference TUI's `fetch_node_raw` under `run_with_deadline`: the
 * client's deadline for the exchange is the probe's budget. `run` is the run's own signal: when it
 * fires the attempt is abandoned (ProbeAbandoned).
 */
export async function attemptProbe(client: HttpClient, ref: string, budgetMs: number, run?: AbortSignal): Promise<AttemptResult> {
  let path: string;
  try {
    path = probePath(ref);
  } catch {
    // a server listed a reference that is not valid Unicode (a lone surrogate): it cannot be sent, so it fails as a check
    return { ok: false, error: `Request failed: the reference ${JSON.stringify(ref)} is not valid Unicode and cannot be sent`, elapsedMs: 0, busy: false };
  }
  // the full URL is only for the error texts
  const url = () => client.url(path).toString();
  const started = performance.now();
  const elapsed = () => Math.floor(performance.now() - started);
  if (run?.aborted) throw new ProbeAbandoned();
  let status = 0;
  let text: string;
  try {
    text = (await client.text({ path, retries: 0, timeoutMs: budgetMs, maxBodyBytes: MAX_BODY, signal: run, onAnswer: (s) => (status = s) })).text;
  } catch (e) {
    if (run?.aborted) throw new ProbeAbandoned();
    if (e instanceof MeshError && e.code === 'timeout') return { ok: false, error: timeoutText(budgetMs), elapsedMs: elapsed(), busy: false };
    // a 2xx answer whose body could not be read whole (cut, too large)
    if (status >= 200 && status < 300) return { ok: false, error: `Parse error: error decoding response body for url (${url()})`, elapsedMs: elapsed(), busy: false };
    if (e instanceof MeshError && e.status !== undefined) {
      return { ok: false, error: httpStatusText(e.status), elapsedMs: elapsed(), status: e.status, busy: e.status === 503 && e.code === 'service_unavailable' };
    }
    const reset = e instanceof MeshError && e.code === 'connection_reset';
    // the report keeps the reference TUI's words; the cause (refused, TLS, DNS...) travels beside it
    const cause = e instanceof MeshError ? e : undefined;
    return { ok: false, error: `Request failed: error sending request for url (${url()})`, elapsedMs: elapsed(), busy: false, reset, cause };
  }
  const decoded = decodeNode(text);
  if (decoded.ok) return { ok: true, payload: decoded.payload, elapsedMs: elapsed() };
  if (decoded.kind === 'parse') return { ok: false, error: `Parse error: error decoding response body for url (${url()})`, elapsedMs: elapsed(), busy: false };
  return { ok: false, error: `Conversion error: ${decoded.message}`, elapsedMs: elapsed(), busy: false };
}

export interface ProbeResult {
  outcome: Outcome;
  payload?: NodePayload;
  /** Attempts refused with 503 or cut before an answer, and retried (0 in serial mode). */
  retries: number;
  /**
   * Hand the probe's slot back. The walk calls it once it has queued the children the payload
   * named, so that the next probe to start is the first in order among everything now known.
   */
  release(): void;
}

export interface ProberOptions {
  /** Per-probe budget (the reference TUI: 5000 ms). */
  budgetMs: number;
  /** Slow threshold on the truncated elapsed ms (the reference TUI: 500 ms). */
  slowMs: number;
  /** Serial mode: one probe at a time and a 503 is a Fail, as the reference TUI. */
  serial: boolean;
  run?: AbortSignal;
  /** Pause before retrying a refused attempt: jittered, growing, capped (ms). */
  backoffBaseMs?: number;
  backoffCapMs?: number;
  /** Stop treating 503 as back-pressure once a check has been refused for this long (default: the budget). */
  busyGiveUpMs?: number;
}

/** One attempt of one reference; the seam tests use to probe without a server. */
export type Attempt = (ref: string, budgetMs: number, run?: AbortSignal) => Promise<AttemptResult>;

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return waitMs(ms, signal).catch(() => {
    throw new ProbeAbandoned();
  });
}

/**
 * A probe function for the walk: takes a slot of the limiter per attempt, classifies the answer
 * (Pass / Slow on the truncated total against the slow threshold / Fail), retries 503 back-pressure
 * and connections closed before an answer.
 */
export function createProber<K>(attempt: Attempt, limiter: AdaptiveLimiter<K>, opts: ProberOptions) {
  const base = opts.backoffBaseMs ?? 4;
  const cap = opts.backoffCapMs ?? 40;
  const giveUp = opts.busyGiveUpMs ?? opts.budgetMs;
  return async (ref: string, key: K): Promise<ProbeResult> => {
    let firstStart: number | undefined;
    let retries = 0;
    let resets = 0;
    for (;;) {
      let permit;
      try {
        permit = await limiter.acquire(key);
      } catch {
        throw new ProbeAbandoned();
      }
      firstStart ??= performance.now();
      let r: AttemptResult;
      try {
        r = await attempt(ref, opts.budgetMs, opts.run);
      } catch (e) {
        permit.release('fail');
        throw e instanceof ProbeAbandoned ? e : new ProbeAbandoned();
      }
      const total = Math.floor(performance.now() - firstStart);
      const kind: AttemptKind = r.ok ? (r.elapsedMs >= opts.slowMs ? 'slow' : 'fast') : r.busy ? 'busy' : 'fail';
      const again = !r.ok && !opts.serial && total < giveUp && (r.busy || (r.reset === true && resets++ < RESET_RETRIES));
      if (again) {
        permit.release(kind);
        retries++;
        const wait = Math.random() * Math.min(cap, base * 2 ** Math.min(retries, 10));
        await sleep(wait, opts.run);
        continue;
      }
      // The reference TUI times one attempt; a retried check reports its real total.
      const elapsed = retries === 0 ? r.elapsedMs : total;
      const release = () => permit.release(kind);
      if (!r.ok) return { outcome: { Fail: { elapsed_ms: elapsed, error: r.error } }, retries, release };
      const outcome: Outcome = elapsed >= opts.slowMs ? { Slow: { elapsed_ms: elapsed } } : { Pass: { elapsed_ms: elapsed } };
      return { outcome, payload: r.payload, retries, release };
    }
  };
}

export type Probe<K> = ReturnType<typeof createProber<K>>;
