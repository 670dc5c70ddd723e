/**
 * The envelope store of the asya mock, as the real asya-mesh-api with its state-proxy store keeps it:
 * rows {id, status, created_at, updated_at, data} with `status` also written into data, the monotonic
 * status order (a stale status is answered 204 and not stored, but still reaches live streams), event
 * data shallow-merged over the stored data, fly events never stored, SSE fan-out to in-process
 * subscribers (closed after a terminal status event), and the deadline reaper.
 */
import type { ServerResponse } from 'node:http';
import { openSse, type SseStream } from '../router.js';
import type { Envelope } from '../../backends/asya/models.js';
import { canTransition, isTerminal, SIDECAR_STATUSES } from '../../vocab/asya.js';
import type { Rng } from '../rng.js';
import type { MockContext } from '../types.js';
import type { AsyaScenario } from './scenario.js';

export interface StoredEnvelope {
  id: string;
  status: string;
  created_at: string;
  updated_at: string;
  data: Record<string, unknown>;
  /** Creation order, to break created_at ties (newest first). */
  seq: number;
  /** SSE connections of this envelope the mock has cut on purpose. */
  cuts: number;
}

export interface CutPolicy {
  after_events: number;
  times: number;
  mode: 'reset' | 'close';
}

interface Subscriber {
  res: ServerResponse;
  sse: SseStream;
  events: number;
  keepalive: NodeJS.Timeout;
  done: boolean;
}

export type ApplyResult = 'not_found' | 'stored' | 'stale';

/** RFC3339 at second precision in UTC, as Go formats deadline_at. */
export function rfc3339Seconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

export function uuidV4(rng: Rng): string {
  const b = Array.from({ length: 16 }, () => rng.int(0, 255));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** The sidecar progress enrichment of the newer events.go (received|processing|completed → running). */
export function enrichProgress(status: string, data: Record<string, unknown>): { status: string; data: Record<string, unknown> } {
  if (!(SIDECAR_STATUSES as readonly string[]).includes(status)) return { status, data };
  const out: Record<string, unknown> = { ...data, status: 'running' };
  if (out.progress_percent === undefined) {
    if (out.progress === 1 || out.progress === 1.0) out.progress_percent = 100;
    else {
      const prev = Array.isArray(out.prev) ? out.prev.length : 0;
      const next = Array.isArray(out.next) ? out.next.length : 0;
      const total = prev + 1 + next;
      if (total > 1) out.progress_percent = ((prev + 1) / total) * 100;
    }
  }
  return { status: 'running', data: out };
}

export class EnvelopeStore {
  private readonly rows = new Map<string, StoredEnvelope>();
  private readonly subscribers = new Map<string, Set<Subscriber>>();
  private readonly waiters = new Map<string, Set<() => void>>();
  private seq = 0;
  private reaper?: NodeJS.Timeout;
  /** Called after an envelope is created (the simulated actors pick it up). */
  onCreate?: (env: StoredEnvelope) => void;
  /** Which envelopes' streams get cut (an actor option of the scenario). */
  cutPolicy?: (env: StoredEnvelope) => CutPolicy | undefined;

  constructor(
    private readonly ctx: MockContext,
    private readonly cfg: AsyaScenario,
    private readonly rng: Rng,
  ) {}

  now(): number {
    return this.ctx.clock.now();
  }

  private stamp(ms = this.now()): string {
    return new Date(ms).toISOString();
  }

  startReaper(): void {
    const everyMs = Math.max(10, (this.cfg.backstop_interval_s * 1000) / this.ctx.clock.speed);
    this.reaper = setInterval(() => this.reap(), everyMs);
    this.reaper.unref();
  }

  /** Fail every unfinished envelope whose deadline passed, as the backstop does. */
  reap(): number {
    const now = this.now();
    let reaped = 0;
    for (const env of this.rows.values()) {
      if (isTerminal(env.status)) continue;
      const deadline = typeof env.data.deadline_at === 'string' ? Date.parse(env.data.deadline_at) : NaN;
      if (Number.isNaN(deadline) || deadline > now) continue;
      this.applyStatus(env.id, 'failed', { error: 'task timed out' });
      reaped++;
    }
    return reaped;
  }

  /** Store a new pending envelope (the create handler validated the request). */
  create(actor: string, req: { payload?: unknown; headers?: Record<string, unknown>; timeout?: number }, createdMs = this.now(), status = 'pending', extra: Record<string, unknown> = {}): StoredEnvelope {
    const id = uuidV4(this.rng);
    const data: Record<string, unknown> = { actor };
    if (req.payload !== undefined && req.payload !== null) data.payload = req.payload;
    data.headers = { ...(req.headers ?? {}), 'x-asya-gateway-url': this.ctx.urls.asyaInternal ?? '' };
    if (req.timeout !== undefined && req.timeout > 0) data.deadline_at = rfc3339Seconds(createdMs + req.timeout * 1000);
    Object.assign(data, extra);
    data.status = status;
    const env: StoredEnvelope = { id, status, created_at: this.stamp(createdMs), updated_at: this.stamp(createdMs), data, seq: this.seq++, cuts: 0 };
    this.rows.set(id, env);
    if (status === 'pending') this.onCreate?.(env);
    return env;
  }

  get(id: string): StoredEnvelope | undefined {
    return this.rows.get(id);
  }

  get size(): number {
    return this.rows.size;
  }

  /** The JSON shape of GET / list items: data is left out when empty. */
  view(env: StoredEnvelope): Envelope {
    const v: Envelope = { id: env.id, status: env.status, created_at: env.created_at, updated_at: env.updated_at };
    if (Object.keys(env.data).length) v.data = structuredClone(env.data);
    return v;
  }

  /** Newest first; `total` counts the matches before paging. */
  list(q: { status?: string; limit?: number; offset?: number }): { messages: Envelope[]; total: number } {
    const all = [...this.rows.values()]
      .filter((e) => q.status === undefined || e.status === q.status)
      .sort((a, b) => (a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : b.seq - a.seq));
    const offset = q.offset ?? 0;
    const page = q.limit !== undefined ? all.slice(offset, offset + q.limit) : all.slice(offset);
    return { messages: page.map((e) => this.view(e)), total: all.length };
  }

  /**
   * A status event: stored only if it ranks strictly higher than the current status; published to
   * live streams either way (a hop's progress still reaches the caller).
   */
  applyStatus(id: string, status: string, data: Record<string, unknown> | undefined): ApplyResult {
    const env = this.rows.get(id);
    if (!env) return 'not_found';
    const enriched = enrichProgress(status, data ?? {});
    let result: ApplyResult = 'stale';
    if (canTransition(env.status, enriched.status)) {
      env.status = enriched.status;
      env.data = { ...env.data, ...enriched.data, status: enriched.status };
      env.updated_at = this.stamp();
      result = 'stored';
    }
    this.publish(id, 'status', enriched.data, enriched.status);
    return result;
  }

  /** DELETE: 404 unknown, nothing on a final envelope, otherwise canceled and announced. */
  cancel(id: string): 'not_found' | 'canceled' | 'already_final' {
    const env = this.rows.get(id);
    if (!env) return 'not_found';
    if (isTerminal(env.status)) return 'already_final';
    this.applyStatus(id, 'canceled', { status: 'canceled' });
    return 'canceled';
  }

  /** Send an event to the envelope's live streams; a terminal status event closes them. */
  publish(id: string, type: string, data: unknown, status?: string): void {
    const subs = this.subscribers.get(id);
    if (!subs) return;
    const terminal = type === 'status' && isTerminal(status);
    for (const sub of [...subs]) {
      this.write(id, sub, type, data);
      if (terminal) this.finish(id, sub);
    }
  }

  subscriberCount(id: string): number {
    return this.subscribers.get(id)?.size ?? 0;
  }

  /** Resolve when a stream of this envelope attaches, or after `ms`. */
  waitForSubscriber(id: string, ms: number): Promise<void> {
    if (this.subscriberCount(id) > 0) return Promise.resolve();
    return new Promise((resolve) => {
      const set = this.waiters.get(id) ?? new Set();
      this.waiters.set(id, set);
      const done = () => {
        clearTimeout(t);
        set.delete(done);
        if (set.size === 0) this.waiters.delete(id);
        resolve();
      };
      const t = setTimeout(done, ms);
      t.unref();
      set.add(done);
    });
  }

  /** GET .../events: headers, the catch-up event, then live events (or close at once when final). */
  stream(env: StoredEnvelope, res: ServerResponse): void {
    const sse = openSse(res);
    const sub: Subscriber = {
      res,
      sse,
      events: 0,
      done: false,
      keepalive: setInterval(() => sse.comment('keepalive'), this.cfg.keepalive_s * 1000),
    };
    sub.keepalive.unref();
    const set = this.subscribers.get(env.id) ?? new Set();
    this.subscribers.set(env.id, set);
    set.add(sub);
    res.on('close', () => this.drop(env.id, sub));
    this.write(env.id, sub, 'status', env.data);
    if (isTerminal(env.status)) this.finish(env.id, sub);
    else for (const w of [...(this.waiters.get(env.id) ?? [])]) w();
  }

  private write(id: string, sub: Subscriber, type: string, data: unknown): void {
    if (sub.done || !sub.sse.open) return;
    sub.sse.event(type, data === undefined || data === null ? '{}' : JSON.stringify(data));
    sub.events++;
    const env = this.rows.get(id);
    const cut = env && this.cutPolicy?.(env);
    if (env && cut && sub.events >= cut.after_events && env.cuts < cut.times && !isTerminal(env.status)) {
      env.cuts++;
      sub.done = true;
      this.drop(id, sub);
      if (cut.mode === 'close') sub.res.end();
      else sub.res.destroy();
    }
  }

  private finish(id: string, sub: Subscriber): void {
    if (sub.done) return;
    sub.done = true;
    this.drop(id, sub);
    sub.res.end();
  }

  private drop(id: string, sub: Subscriber): void {
    clearInterval(sub.keepalive);
    const set = this.subscribers.get(id);
    set?.delete(sub);
    if (set && set.size === 0) this.subscribers.delete(id);
  }

  close(): void {
    if (this.reaper) clearInterval(this.reaper);
    for (const [id, set] of this.subscribers) for (const sub of [...set]) this.finish(id, sub);
    for (const set of this.waiters.values()) for (const w of [...set]) w();
  }
}
