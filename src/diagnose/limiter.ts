/**
 * How many probes run at once. The admin server refuses resolves beyond its limit (2 by default,
 * configurable server-side) with an immediate 503 `service_unavailable`; meshscope does not know
 * the limit, so it finds it: the window starts at 2, grows while answers come back fast with the
 * window full (doubling per round trip until the first refusal), and on a refusal drops to what
 * the server allowed (one less than what was in flight when the refused request was sent). From
 * then on it holds there: it tries one more slot only after many fast answers, and after each try
 * the server refuses, waits twice as long before the next; so the window is never more than one
 * above what the server allowed. The HTTP client opens connections as the window grows, so the
 * connections follow it too.
 *
 * Waiting probes are started by priority (a key compared by the caller), so the walk decides the
 * order: the exact walk order in serial mode, nodes that open up more work first otherwise.
 */

export type AttemptKind = 'fast' | 'slow' | 'busy' | 'fail';

export interface LimiterOptions {
  /** Upper bound of the window (--concurrency). 1 = strictly one at a time, never adapted. */
  max: number;
  /** Starting window (default 2, the admin server's default limit). */
  initial?: number;
  /** Fast successes, per unit of window, before one more slot is tried after a refusal. */
  probeEvery?: number;
}

export interface Permit {
  /** Probes in flight when this one started, itself included. */
  readonly inflightAtStart: number;
  /** Hand the slot back, saying how the attempt went. */
  release(kind: AttemptKind): void;
}

interface Waiter<K> {
  key: K;
  seq: number;
  resolve: (p: Permit) => void;
  reject: (e: unknown) => void;
}

/** A binary min-heap. */
class Heap<T> {
  private items: T[] = [];
  constructor(private readonly less: (a: T, b: T) => boolean) {}
  get size(): number {
    return this.items.length;
  }
  push(x: T): void {
    const a = this.items;
    a.push(x);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(a[i], a[p])) break;
      [a[i], a[p]] = [a[p], a[i]];
      i = p;
    }
  }
  pop(): T | undefined {
    const a = this.items;
    if (a.length === 0) return undefined;
    const top = a[0];
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && this.less(a[l], a[m])) m = l;
        if (r < a.length && this.less(a[r], a[m])) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m], a[i]];
        i = m;
      }
    }
    return top;
  }
  drain(): T[] {
    const all = this.items;
    this.items = [];
    return all;
  }
}

export class AdaptiveLimiter<K> {
  readonly max: number;
  private limit: number;
  /** What the server allowed when it last refused (Infinity before any refusal: slow start). */
  private threshold = Infinity;
  private sinceStep = 0;
  /** How much longer than `probeEvery` to wait before the next step: doubles after each refused step. */
  private backoff = 1;
  /** A step above what the server allowed is being tried (no refusal since). */
  private stepping = false;
  private inflight = 0;
  private seq = 0;
  /** Bumped each time the window fills up: an attempt that saw it full may grow it. */
  private fullEpoch = 0;
  private readonly probeEvery: number;
  private readonly queue: Heap<Waiter<K>>;
  /** The largest window used and the number of refusals seen (for --verbose and the bench). */
  readonly stats = { peakInflight: 0, peakWindow: 0, busy: 0 };

  constructor(
    opts: LimiterOptions,
    private readonly compare: (a: K, b: K) => number,
  ) {
    this.max = Math.max(1, Math.floor(opts.max));
    this.limit = Math.min(this.max, Math.max(1, opts.initial ?? 2));
    this.probeEvery = opts.probeEvery ?? 8;
    this.stats.peakWindow = this.limit;
    this.queue = new Heap<Waiter<K>>((a, b) => {
      const c = this.compare(a.key, b.key);
      return c < 0 || (c === 0 && a.seq < b.seq);
    });
  }

  /** The current window. */
  get window(): number {
    return Math.floor(this.limit);
  }

  get active(): number {
    return this.inflight;
  }

  /** Wait for a slot; the lowest key is served first. */
  acquire(key: K): Promise<Permit> {
    return new Promise<Permit>((resolve, reject) => {
      this.queue.push({ key, seq: this.seq++, resolve, reject });
      this.pump();
    });
  }

  /** Refuse every waiting request (the run is over). */
  close(reason: unknown): void {
    for (const w of this.queue.drain()) w.reject(reason);
  }

  private pump(): void {
    while (this.inflight < this.window && this.queue.size > 0) {
      const w = this.queue.pop()!;
      this.inflight++;
      this.stats.peakInflight = Math.max(this.stats.peakInflight, this.inflight);
      w.resolve(this.permit(this.inflight, this.fullEpoch));
      if (this.inflight >= this.window) this.fullEpoch++;
    }
  }

  private permit(inflightAtStart: number, epochAtStart: number): Permit {
    let released = false;
    return {
      inflightAtStart,
      release: (kind) => {
        if (released) return;
        released = true;
        this.inflight--;
        this.adapt(kind, inflightAtStart, this.fullEpoch > epochAtStart);
        this.pump();
      },
    };
  }

  private adapt(kind: AttemptKind, inflightAtStart: number, sawFull: boolean): void {
    if (this.max === 1) return;
    if (kind === 'busy') {
      this.stats.busy++;
      if (this.stepping) this.backoff = Math.min(this.backoff * 2, 1024);
      this.stepping = false;
      this.limit = Math.max(1, Math.min(this.limit, inflightAtStart - 1));
      this.threshold = this.limit;
      this.sinceStep = 0;
      return;
    }
    // Grow only on fast answers that came back while the window was in use (it filled up while
    // they were in flight): a window nobody needs says nothing about the server.
    if (kind !== 'fast' || !sawFull || this.limit >= this.max) return;
    if (this.threshold === Infinity) {
      this.limit += 1;
    } else if (++this.sinceStep >= this.probeEvery * this.window * this.backoff) {
      // the step before this one was not refused: the server allows the current window
      if (this.stepping) this.backoff = 1;
      this.threshold = this.limit;
      this.limit += 1;
      this.stepping = true;
      this.sinceStep = 0;
    }
    this.stats.peakWindow = Math.max(this.stats.peakWindow, this.window);
  }
}

/** Lexicographic order of walk positions; a prefix comes first (a parent before its children). */
export function compareKeys(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}
