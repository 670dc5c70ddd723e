/**
 * Typed client of the asya mesh API: the external port (create, list, get, cancel, the SSE event
 * stream, /health) and the internal port (publish status and fly events, heartbeat GET).
 *
 * `watch` follows one envelope to its final status over SSE: it skips keepalive comments, keeps an
 * idle watchdog (a silent stream is treated as dropped), and when the stream ends before a terminal
 * status it asks the server for the stored status and either finishes with it or reconnects with
 * exponential backoff, announcing each attempt as an event so the caller can say so.
 */
import { MeshError } from '../../errors.js';
import { seg, sleep, type HttpClient } from '../../http/client.js';
import { readSse } from '../../http/sse.js';
import type { CreateRequest, CreateResponse, Envelope, EnvelopeData, EnvelopeList, FlyEventData, PublishEvent, StatusEventData } from './models.js';
// the models as lazy ones: a well-formed payload is checked without loading zod
import * as M from './checks.js';

export interface AsyaClientOptions {
  /** API prefix below the server root (ASYA_MESH_API_PREFIX on the server); default `/api/v1`, `""` for bare `/mesh/`. */
  prefix?: string;
}

export interface ListQuery {
  status?: string;
  limit?: number;
  offset?: number;
}

/** One event of an envelope's stream. */
export type EnvelopeEvent =
  | {
      type: 'status';
      /** `data.status` when the server put it there (the catch-up blob and live data may lack it). */
      status?: string;
      data: StatusEventData;
      /** The first event of a connection: the stored state replayed. */
      catchUp: boolean;
      /** `get` when meshscope read the final status with a GET because the stream ended without one. */
      source: 'stream' | 'get';
    }
  | { type: 'fly'; text: string; data: FlyEventData }
  | { type: 'event'; event: string; data: unknown };

export type StreamItem = EnvelopeEvent | { type: 'keepalive' };

export type WatchEvent =
  | EnvelopeEvent
  | { type: 'reconnecting'; attempt: number; delayMs: number; reason: string }
  | { type: 'reconnected'; attempt: number };

export interface WatchResult {
  status: string;
  data: EnvelopeData;
}

export interface StreamOptions {
  signal?: AbortSignal;
  /** A stream silent for this long (no event, no keepalive) counts as dropped. Default 45 s (three keepalives). */
  idleMs?: number;
}

export interface WatchOptions extends StreamOptions {
  /** First reconnect delay, doubled per consecutive failure (full jitter), capped at maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** Consecutive failed reconnects before giving up. */
  maxAttempts?: number;
}

/** A stream that stays open this long is governed by the idle watchdog, not by the request timeout. */
const STREAM_REQUEST_MS = 24 * 3_600_000;

function parseData(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function asRecord(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

export function normalizePrefix(prefix: string | undefined): string {
  const p = (prefix ?? '/api/v1').trim().replace(/^\/+|\/+$/g, '');
  return p ? `${p}/` : '';
}

export class AsyaClient {
  private readonly prefix: string;

  constructor(
    readonly external: HttpClient,
    readonly internal?: HttpClient,
    opts: AsyaClientOptions = {},
  ) {
    this.prefix = normalizePrefix(opts.prefix);
  }

  /** `{prefix}/mesh/` + rest, relative to the endpoint base (always with the trailing slash). */
  path(rest = ''): string {
    return `${this.prefix}mesh/${rest}`;
  }

  private internalClient(): HttpClient {
    if (!this.internal) {
      throw new MeshError({
        kind: 'usage',
        code: 'no_internal_url',
        backend: 'asya',
        message: 'publishing needs the internal port of the asya mesh API',
        hint: 'pass --asya-internal-url (or internal-url in the context)',
      });
    }
    return this.internal;
  }

  /** GET /health answers `OK` as text/plain. */
  async health(which: 'external' | 'internal' = 'external'): Promise<{ ok: boolean; body: string; url: string; elapsedMs: number }> {
    const client = which === 'internal' && this.internal ? this.internal : this.external;
    const r = await client.text({ path: 'health' });
    return { ok: r.text.trim() === 'OK', body: r.text.trim(), url: r.url, elapsedMs: r.elapsedMs };
  }

  /** POST {prefix}/mesh/?actor=NAME: always sends a JSON body (at least `{}`); 201 {"id"}. */
  async create(actor: string, body: CreateRequest = {}, opts: { namespace?: string; signal?: AbortSignal } = {}): Promise<CreateResponse> {
    return this.external.json({ method: 'POST', path: this.path(), query: { actor, namespace: opts.namespace }, json: body ?? {}, signal: opts.signal }, M.CreateResponse);
  }

  async list(q: ListQuery = {}): Promise<EnvelopeList> {
    return this.external.json({ path: this.path(), query: { status: q.status, limit: q.limit, offset: q.offset } }, M.EnvelopeList);
  }

  /**
   * Every envelope, page by page. Stops on a short or empty page rather than trusting `total` alone
   * (some stores report the page size as the total); envelopes seen twice (new ones shift pages) are kept once.
   */
  async listAll(q: { status?: string; pageSize?: number; offset?: number; onPage?: (count: number, total: number) => void } = {}): Promise<EnvelopeList & { pages: number }> {
    const pageSize = q.pageSize ?? 100;
    const seen = new Set<string>();
    const messages: Envelope[] = [];
    let offset = q.offset ?? 0;
    let total = 0;
    let pages = 0;
    for (;;) {
      const page = await this.list({ status: q.status, limit: pageSize, offset });
      pages++;
      total = Math.max(total, page.total);
      for (const m of page.messages) {
        if (seen.has(m.id)) continue;
        seen.add(m.id);
        messages.push(m);
      }
      q.onPage?.(messages.length, total);
      if (page.messages.length < pageSize || page.messages.length === 0) break;
      offset += page.messages.length;
    }
    return { messages, total: Math.max(total, messages.length + (q.offset ?? 0)), pages };
  }

  /** GET {prefix}/mesh/{id} on the external port, or on the internal one (the sidecars' heartbeat check). */
  async get(id: string, which: 'external' | 'internal' = 'external'): Promise<Envelope> {
    const client = which === 'internal' ? this.internalClient() : this.external;
    return client.json({ path: this.path(seg(id)) }, M.Envelope);
  }

  /** DELETE {prefix}/mesh/{id}: idempotent, 204 even when the envelope is already final. */
  async cancel(id: string, opts: { signal?: AbortSignal } = {}): Promise<void> {
    await this.external.text({ method: 'DELETE', path: this.path(seg(id)), signal: opts.signal });
  }

  /** Internal POST {prefix}/mesh/{id}/events: 204; a stale status is answered 204 too and not stored. */
  async publish(id: string, event: PublishEvent): Promise<void> {
    await this.internalClient().text({ method: 'POST', path: this.path(`${seg(id)}/events`), json: event });
  }

  /**
   * One connection to GET {prefix}/mesh/{id}/events: yields the catch-up status first, then live
   * events until the server closes the stream. Keepalive comments come out as `keepalive`.
   */
  async *events(id: string, opts: StreamOptions = {}): AsyncGenerator<StreamItem> {
    const idleMs = opts.idleMs ?? 45_000;
    const watchdog = new AbortController();
    let idle = false;
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        idle = true;
        watchdog.abort(Object.assign(new Error(`no data for ${Math.round(idleMs / 1000)} s`), { name: 'IdleTimeout' }));
      }, idleMs);
      timer.unref?.();
    };
    const signal = opts.signal ? AbortSignal.any([opts.signal, watchdog.signal]) : watchdog.signal;
    const path = this.path(`${seg(id)}/events`);
    const url = this.external.url(path).toString();
    const idleError = () =>
      new MeshError({ kind: 'unreachable', code: 'stream_idle', backend: 'asya', retryable: true, message: `the event stream of ${id} was silent for ${Math.round(idleMs / 1000)} s (no keepalive)`, hint: 'a proxy may be buffering the stream' });
    arm();
    try {
      let res;
      try {
        res = await this.external.stream({ path, headers: { accept: 'text/event-stream' }, timeoutMs: STREAM_REQUEST_MS, signal });
      } catch (e) {
        if (idle) throw idleError();
        throw e;
      }
      arm();
      let first = true;
      try {
        for await (const item of readSse(res.body, { backend: 'asya' })) {
          arm();
          if (item.kind === 'comment') {
            yield { type: 'keepalive' };
            continue;
          }
          if (item.kind !== 'event') continue;
          const { event, data: text } = item.event;
          const data = parseData(text);
          if (event === 'status') {
            // an event the StatusEventData model accepts is used as it is, and so is one it does not
            const d = asRecord(data) as StatusEventData;
            yield { type: 'status', status: typeof d.status === 'string' ? d.status : undefined, data: d, catchUp: first, source: 'stream' };
          } else if (event === 'fly') {
            const rec = typeof data === 'string' ? { text: data } : asRecord(data);
            const d = rec as FlyEventData;
            yield { type: 'fly', text: typeof d.text === 'string' ? d.text : '', data: d };
          } else {
            yield { type: 'event', event, data };
          }
          first = false;
        }
      } catch (e) {
        if (idle) throw idleError();
        throw this.external.networkError(e, 'GET', url);
      }
    } finally {
      if (timer) clearTimeout(timer);
    }
  }

  /**
   * Follow an envelope to its final status, reconnecting when the stream drops. Returns the final
   * status and data. Throws at once on 404 / usage / auth errors and on interruption.
   */
  async *watch(id: string, opts: WatchOptions = {}): AsyncGenerator<WatchEvent, WatchResult> {
    const { isTerminal } = await import('../../vocab/asya.js');
    const backoffMs = opts.backoffMs ?? 250;
    const maxBackoffMs = opts.maxBackoffMs ?? 5_000;
    const maxAttempts = opts.maxAttempts ?? 30;
    let attempt = 0;
    // a certificate that cannot be verified (or a TLS setup that does not match) does not heal by reconnecting
    const fatal = (e: MeshError) => e.kind === 'not_found' || e.kind === 'usage' || e.kind === 'auth' || e.kind === 'interrupted' || e.code.startsWith('tls_') || Boolean(opts.signal?.aborted);
    for (;;) {
      let reason = 'the server closed the stream before a final status';
      try {
        for await (const ev of this.events(id, opts)) {
          if (ev.type === 'keepalive') {
            attempt = 0;
            continue;
          }
          if (attempt > 0 && ev.type === 'status' && ev.catchUp) yield { type: 'reconnected', attempt };
          else attempt = 0;
          yield ev;
          if (ev.type === 'status' && isTerminal(ev.status)) return { status: ev.status!, data: ev.data as EnvelopeData };
        }
      } catch (e) {
        const err = e instanceof MeshError ? e : this.external.networkError(e, 'GET', this.external.url(this.path(`${seg(id)}/events`)).toString());
        if (fatal(err)) throw err;
        reason = err.message;
      }
      // The stream ended without a final status event: the stored status decides (the reaper's
      // `task timed out` event, for one, carries no status key).
      try {
        const env = await this.get(id);
        if (isTerminal(env.status)) {
          const data = { ...(env.data ?? {}), status: env.status } as EnvelopeData;
          yield { type: 'status', status: env.status, data: data as StatusEventData, catchUp: false, source: 'get' };
          return { status: env.status, data };
        }
      } catch (e) {
        const err = e instanceof MeshError ? e : this.external.networkError(e, 'GET', this.external.url(this.path(seg(id))).toString());
        if (fatal(err)) throw err;
        reason = `${reason}; ${err.message}`;
      }
      attempt++;
      if (attempt > maxAttempts) {
        throw new MeshError({
          kind: 'unreachable',
          code: 'stream_lost',
          backend: 'asya',
          message: `gave up following envelope ${id} after ${maxAttempts} reconnect attempts: ${reason}`,
          hint: `the envelope may still finish; check it later with: meshscope envelope get ${id}`,
        });
      }
      const delayMs = Math.round(Math.min(maxBackoffMs, backoffMs * 2 ** (attempt - 1)) * (0.5 + Math.random() * 0.5));
      yield { type: 'reconnecting', attempt, delayMs, reason };
      await sleep(delayMs, opts.signal);
    }
  }
}
