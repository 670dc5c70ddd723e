/**
 * How asya envelopes are shown: list tables, one envelope's fields, and the live view of a watched
 * envelope (fly text to stdout as it arrives, status changes with progress to stderr, NDJSON events
 * under -o json).
 */
import type { Output, Tone, View } from '../../output/index.js';
import type { AsyaClient, WatchEvent, WatchOptions, WatchResult } from './client.js';
import type { Envelope, EnvelopeData, EnvelopeList } from './models.js';

export function statusTone(status: string | undefined): Tone {
  switch (status) {
    case 'succeeded':
      return 'ok';
    case 'failed':
      return 'bad';
    case 'canceled':
    case 'paused':
      return 'warn';
    case 'running':
      return 'accent';
    case 'pending':
      return 'dim';
    default:
      return undefined;
  }
}

/** `progress_percent` when the server computed it, else the sidecar's raw `progress`. */
export function progressText(data: { progress?: unknown; progress_percent?: unknown } | undefined): string {
  if (!data) return '';
  const pct = typeof data.progress_percent === 'number' ? data.progress_percent : typeof data.progress === 'number' ? data.progress : undefined;
  if (pct === undefined || !Number.isFinite(pct)) return '';
  return `${Math.round(pct * 10) / 10}%`;
}

/** kubectl-style age: 42s, 5m, 3h, 2d. */
export function age(iso: string | undefined, now = Date.now()): string {
  if (!iso) return '';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const s = Math.max(0, Math.round((now - t) / 1000));
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 120) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h`;
  return `${Math.floor(h / 24)}d`;
}

function detail(data: EnvelopeData | undefined): string {
  if (!data) return '';
  return data.error ?? data.message ?? '';
}

export const envelopeView: View<Envelope> = {
  columns: [
    { header: 'ID', get: (e) => e.id },
    { header: 'ACTOR', get: (e) => e.data?.actor },
    { header: 'STATUS', get: (e) => e.status, tone: (e) => statusTone(e.status) },
    { header: 'PROGRESS', get: (e) => progressText(e.data) },
    { header: 'AGE', get: (e) => age(e.created_at) },
    { header: 'UPDATED', get: (e) => e.updated_at, wide: true },
    { header: 'DEADLINE', get: (e) => e.data?.deadline_at, wide: true },
    { header: 'DETAIL', get: (e) => detail(e.data), wide: true },
  ],
  name: (e) => `envelope/${e.id}`,
};

export function renderEnvelopeList(out: Output, list: EnvelopeList, raw: unknown = list): void {
  out.list(list.messages, envelopeView, raw);
}

function json(v: unknown): string | undefined {
  return v === undefined ? undefined : JSON.stringify(v);
}

export function renderEnvelope(out: Output, env: Envelope): void {
  const d = env.data;
  out.item(
    [
      ['id', env.id],
      ['actor', d?.actor],
      ['status', env.status, statusTone(env.status)],
      ['progress', progressText(d) || undefined],
      ['message', d?.message],
      ['error', d?.error, 'bad'],
      ['created', env.created_at],
      ['updated', env.updated_at],
      ['deadline', d?.deadline_at],
      ['headers', json(d?.headers)],
      ['payload', json(d?.payload)],
      ['result', json(d?.result)],
    ],
    env,
    `envelope/${env.id}`,
  );
}

/** Prints a watched envelope as events arrive. */
export class WatchPrinter {
  private lastLine = '';
  private lastStatus?: string;
  private resumed = false;
  private flyOpen = false;

  constructor(
    private readonly out: Output,
    private readonly id: string,
  ) {}

  private get ndjson(): boolean {
    return this.out.format === 'json';
  }

  /** Fly text goes to stdout raw (sanitised), without framing. */
  private fly(text: string): void {
    if (!text) return;
    const clean = this.out.write(text);
    this.flyOpen = !clean.endsWith('\n');
  }

  /** Before a stderr line on a terminal, end the fly line so the two do not run together. */
  private breakLine(): void {
    if (this.flyOpen && this.out.io.stdout.isTTY === true) {
      this.out.write('\n');
      this.flyOpen = false;
    }
  }

  private status(status: string | undefined, data: Record<string, unknown>, catchUp: boolean): void {
    // After a reconnect the catch-up replays the stored blob, whose progress can lag behind what was
    // already shown (progress on the same status is published, not stored): show it only if the status moved.
    const replay = catchUp && this.resumed;
    this.resumed = false;
    if (replay && status !== undefined && status === this.lastStatus) return;
    if (status) this.lastStatus = status;
    const parts: string[] = [];
    if (status) parts.push(status);
    const pct = progressText(data);
    if (pct) parts.push(pct);
    if (typeof data.actor === 'string' && data.actor) parts.push(`[${data.actor}]`);
    if (typeof data.message === 'string' && data.message) parts.push(data.message);
    if (typeof data.error === 'string' && data.error) parts.push(`error: ${data.error}`);
    const line = parts.join(' ');
    if (!line || line === this.lastLine) return;
    this.lastLine = line;
    this.breakLine();
    this.out.info(line);
  }

  event(ev: WatchEvent): void {
    if (ev.type === 'reconnecting') {
      this.breakLine();
      this.out.warn(`the event stream of ${this.id} dropped (${ev.reason}); reconnecting in ${(ev.delayMs / 1000).toFixed(1)} s (attempt ${ev.attempt})`);
      return;
    }
    if (ev.type === 'reconnected') {
      this.resumed = true;
      this.breakLine();
      this.out.info(`reconnected to the event stream of ${this.id} (fly text sent while disconnected is not replayed)`);
      return;
    }
    if (this.ndjson) {
      if (ev.type === 'status') this.out.ndjson({ event: 'status', id: this.id, status: ev.status ?? null, data: ev.data, ...(ev.catchUp ? { catch_up: true } : {}), ...(ev.source === 'get' ? { source: 'get' } : {}) });
      else if (ev.type === 'fly') this.out.ndjson({ event: 'fly', id: this.id, data: ev.data });
      else this.out.ndjson({ event: ev.event, id: this.id, data: ev.data });
      return;
    }
    if (ev.type === 'fly') this.fly(ev.text);
    else if (ev.type === 'status') this.status(ev.status, ev.data as Record<string, unknown>, ev.catchUp);
    else {
      this.breakLine();
      this.out.info(`${ev.event}: ${typeof ev.data === 'string' ? ev.data : JSON.stringify(ev.data)}`);
    }
  }

  /** The closing line; returns the exit code (0 succeeded, 1 failed or canceled). */
  finish(result: WatchResult): number {
    if (!this.ndjson && this.flyOpen) {
      this.out.write('\n');
      this.flyOpen = false;
    }
    const err = typeof result.data.error === 'string' && result.data.error ? `: ${result.data.error}` : '';
    this.out.info(`envelope ${this.id} ${result.status}${result.status === 'succeeded' ? '' : err}`);
    return result.status === 'succeeded' ? 0 : 1;
  }

  /** End an unfinished fly line (on interruption). */
  close(): void {
    if (!this.ndjson && this.flyOpen) {
      this.out.write('\n');
      this.flyOpen = false;
    }
  }
}

/** Watch an envelope to its final status, printing as events arrive; resolves with the exit code. */
export async function followEnvelope(asya: AsyaClient, id: string, out: Output, opts: WatchOptions = {}): Promise<{ code: number; result: WatchResult }> {
  const printer = new WatchPrinter(out, id);
  const it = asya.watch(id, opts);
  try {
    for (;;) {
      const n = await it.next();
      if (n.done) return { code: printer.finish(n.value), result: n.value };
      printer.event(n.value);
    }
  } finally {
    printer.close();
  }
}
