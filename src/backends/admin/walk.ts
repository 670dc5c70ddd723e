/**
 * The streaming breadth-first walk of a Monarch mesh: resolve `root`, then every child reference,
 * level by level, with a bounded number of resolves in flight. Nodes come out in exact
 * breadth-first order (children in payload order), each as soon as it and everything before it is
 * known, so a consumer can print a 100,000-node mesh without the mesh ever sitting in memory: the
 * walker keeps only the references still to visit, the set of references already seen, and a
 * bounded buffer of answers waiting for their turn.
 *
 * Errors follow the server's contract (branch on `error.code`, never on the HTTP status):
 *  - `service_unavailable` is back-pressure (the server refuses more than N concurrent resolves):
 *    the walker lowers its concurrency to what the server accepted, retries the node with backoff,
 *    and creeps back up (additive increase, multiplicative decrease);
 *  - `not_found` means the node went away after its parent listed it: it is reported, not retried,
 *    and the walk goes on;
 *  - `gateway_timeout` means a host did not answer in time and the node may still exist: it is
 *    retried `retries` times, then reported;
 *  - a dropped connection is retried a few times; anything else is reported.
 *
 * References are opaque: each child is resolved exactly as the parent listed it.
 */
import { MeshError, toMeshError } from '../../errors.js';
import type { AdminClient } from './client.js';
import type { NodePayload } from './models.js';
import * as checks from './checks.js';
import { safeParseLazy } from '../../http/model.js';
import { RefSet } from './refs.js';

/** One resolved node, in walk order. */
export interface WalkNodeEvent {
  kind: 'node';
  /** The reference as its parent listed it (what was requested). */
  ref: string;
  /** root = 0, hosts = 1, procs = 2, actors = 3, supervised actors = 4. */
  depth: number;
  /** The reference of the node that listed it (undefined for the start node). */
  parent?: string;
  /** Whether the parent lists it among its `system_children` / `stopped_children`. */
  listedSystem: boolean;
  listedStopped: boolean;
  node: NodePayload;
  /** The body exactly as the server sent it. */
  raw: unknown;
}

/** A node that could not be read. */
export interface WalkErrorEvent {
  kind: 'error';
  ref: string;
  depth: number;
  parent?: string;
  error: MeshError;
}

export type WalkEvent = WalkNodeEvent | WalkErrorEvent;

export interface WalkStats {
  /** Requests sent, retries included. */
  requests: number;
  nodes: number;
  /** Nodes that went away (not_found). */
  notFound: number;
  /** Nodes that could not be read (timeouts, server errors, exhausted retries). */
  failed: number;
  /** `service_unavailable` answers (back-pressure). */
  backpressure: number;
  /** Retries of any kind. */
  retries: number;
  /** Concurrency now, and its lowest and highest values during the walk. */
  concurrency: number;
  minConcurrency: number;
  maxConcurrency: number;
  /** Most resolves in flight at once. */
  peakInFlight: number;
}

export interface WalkOptions {
  /** Where to start (default `root`). */
  start?: string;
  /** Deepest level to visit (root = 0; default: everything). */
  maxDepth?: number;
  /** Most resolves in flight (default 16). */
  concurrency?: number;
  /** Resolves in flight at the start (default 2, the real server's limit). */
  initialConcurrency?: number;
  /** Extra attempts for a node that timed out (gateway_timeout) or failed transiently (default 1). */
  retries?: number;
  /** Attempts of one node refused with service_unavailable before it is reported (default 12). */
  backpressureAttempts?: number;
  /** Answers held for in-order output at most (default 1024); the walk waits when it is full. */
  bufferLimit?: number;
  /** Per-request timeout, ms (default: the HTTP client's). */
  timeoutMs?: number;
  /** Base of the exponential retry backoff, ms (default 25). */
  backoffMs?: number;
  maxBackoffMs?: number;
  signal?: AbortSignal;
  /** Whether to visit a node's children (default: always). */
  follow?: (node: NodePayload, depth: number) => boolean;
  /**
   * Replaces the request (tests, recorded walks): resolves a reference to the raw body. The
   * default request does not take `signal` (the HTTP client stops on its own session signal): an
   * aborted walk stops launching, and what is in flight (at most `concurrency`) finishes.
   */
  fetch?: (ref: string, opts: { signal?: AbortSignal; timeoutMs?: number }) => Promise<unknown>;
}

type SlotState = 'queued' | 'inflight' | 'waiting' | 'done';

interface Slot {
  ref: string;
  depth: number;
  parent?: string;
  listedSystem: boolean;
  listedStopped: boolean;
  state: SlotState;
  attempts: number;
  backpressure: number;
  event?: WalkEvent;
}

/**
 * Concurrency that follows the server's limit: on `service_unavailable` drop to what the server
 * was accepting at that moment; after a run of successes try one more. Above the level that was
 * last refused, probes are rare (the server's limit is fixed by its configuration).
 */
export class AdaptiveLimit {
  value: number;
  min: number;
  peak: number;
  private streak = 0;
  /** The concurrency the server last refused (Infinity: none yet). */
  private refusedAt = Infinity;

  constructor(
    initial: number,
    readonly max: number,
  ) {
    this.value = Math.max(1, Math.min(initial, max));
    this.min = this.value;
    this.peak = this.value;
  }

  success(): void {
    this.streak++;
    if (this.value >= this.max) return;
    const needed = this.value + 1 >= this.refusedAt ? 32 * this.value : Math.max(4, 2 * this.value);
    if (this.streak >= needed) {
      this.value++;
      this.streak = 0;
      this.peak = Math.max(this.peak, this.value);
    }
  }

  /** A refusal while `inFlight` requests (this one included) were out. */
  overload(inFlight: number): void {
    this.refusedAt = Math.min(this.value, Math.max(2, inFlight));
    this.value = Math.max(1, Math.min(this.value - 1, inFlight - 1));
    this.streak = 0;
    this.min = Math.min(this.min, this.value);
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** The children of one node, still to visit. */
interface Chunk {
  depth: number;
  parent?: string;
  refs: readonly string[];
  sys?: RefSet;
  stp?: RefSet;
  next: number;
}

/** One 32-bit lane of the reference hash: FNV-style over UTF-16 code units, then a final mix. */
function lane(s: string, seed: number, prime: number): number {
  let h = seed;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), prime);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * The references already visited, kept as 128-bit hashes (8 UTF-16 units each) rather than the
 * references themselves: a 100,000-node walk remembers about 4 MB instead of 12. The chance that
 * two different references of a walk share a key is below 10^-28.
 */
export class SeenSet {
  private readonly keys = new Set<string>();

  static key(ref: string): string {
    const a = lane(ref, 0x811c9dc5, 0x01000193);
    const b = lane(ref, 0x9e3779b9, 0x5bd1e995);
    const c = lane(ref, 0x7f4a7c15, 0x27d4eb2f);
    const d = lane(ref, 0x2545f491, 0x165667b1);
    return String.fromCharCode(a & 0xffff, a >>> 16, b & 0xffff, b >>> 16, c & 0xffff, c >>> 16, d & 0xffff, d >>> 16);
  }

  /** Adds a reference; false when it was already there. */
  add(ref: string): boolean {
    const k = SeenSet.key(ref);
    if (this.keys.has(k)) return false;
    this.keys.add(k);
    return true;
  }

  get size(): number {
    return this.keys.size;
  }
}

function invalidPayload(ref: string, issues: string[]): MeshError {
  return new MeshError({
    kind: 'server',
    code: 'invalid_response',
    backend: 'admin',
    message: `the payload of ${ref} is not a node meshscope understands`,
    hint: 'the server may be a different version; `meshscope mesh get REF --validate -o json` shows the raw payload',
    details: issues,
  });
}

/** Walk the mesh breadth-first; yields every node (and every node that could not be read) in order. */
export async function* walk(client: AdminClient | undefined, opts: WalkOptions = {}): AsyncGenerator<WalkEvent, WalkStats> {
  const maxDepth = opts.maxDepth ?? Infinity;
  const retries = Math.max(0, opts.retries ?? 1);
  const bpAttempts = Math.max(1, opts.backpressureAttempts ?? 12);
  const bufferLimit = Math.max(1, opts.bufferLimit ?? 1024);
  const backoff = opts.backoffMs ?? 25;
  const maxBackoff = opts.maxBackoffMs ?? 2000;
  const signal = opts.signal;
  const limit = new AdaptiveLimit(opts.initialConcurrency ?? 2, Math.max(1, opts.concurrency ?? 16));
  const fetchRaw =
    opts.fetch ??
    ((ref: string, o: { signal?: AbortSignal; timeoutMs?: number }) => {
      if (!client) throw new Error('walk: no client');
      // The HTTP client already stops on its session's signal; `signal` stops the walk itself.
      return client.getRaw(ref, { retries: 0, timeoutMs: o.timeoutMs });
    });

  const stats: WalkStats = { requests: 0, nodes: 0, notFound: 0, failed: 0, backpressure: 0, retries: 0, concurrency: limit.value, minConcurrency: limit.value, maxConcurrency: limit.value, peakInFlight: 0 };

  // Not yet started: chunks of child references (each parent's `children`, held as the array the
  // parent sent), in walk order. Started and not yet handed out: `window`, in walk order; a retry
  // waits in `ready` once its backoff is over. Only `window` holds answers, and it is bounded.
  let chunks: Array<Chunk | undefined> = [];
  let chunkHead = 0;
  let window: Slot[] = [];
  let head = 0;
  const ready: Slot[] = [];
  const seen = new SeenSet();
  let inFlight = 0;
  let timers = 0;
  let wake: (() => void) | undefined;
  let signalled = false;
  const notify = () => {
    signalled = true;
    const w = wake;
    wake = undefined;
    w?.();
  };

  /** The next reference to visit, in walk order (each reference once). */
  const nextSlot = (): Slot | undefined => {
    while (chunkHead < chunks.length) {
      const c = chunks[chunkHead]!;
      while (c.next < c.refs.length) {
        const ref = c.refs[c.next++];
        if (!seen.add(ref)) continue;
        return { ref, depth: c.depth, parent: c.parent, listedSystem: c.sys?.has(ref) ?? false, listedStopped: c.stp?.has(ref) ?? false, state: 'queued', attempts: 0, backpressure: 0 };
      }
      chunks[chunkHead++] = undefined;
      if (chunkHead > 1024 && chunkHead * 2 > chunks.length) {
        chunks = chunks.slice(chunkHead);
        chunkHead = 0;
      }
    }
    return undefined;
  };

  const finish = (slot: Slot, event: WalkEvent) => {
    slot.state = 'done';
    slot.event = event;
  };

  const retryLater = (slot: Slot, ms: number) => {
    slot.state = 'waiting';
    stats.retries++;
    timers++;
    void sleep(ms, signal).then(() => {
      timers--;
      slot.state = 'queued';
      ready.push(slot);
      notify();
    });
  };

  const delay = (attempt: number, retryAfterS?: number) => {
    if (retryAfterS !== undefined) return Math.min(retryAfterS * 1000, 30_000);
    const cap = Math.min(maxBackoff, backoff * 2 ** Math.min(attempt, 16));
    return cap / 2 + Math.random() * (cap / 2);
  };

  const start = (slot: Slot) => {
    slot.state = 'inflight';
    slot.attempts++;
    inFlight++;
    stats.requests++;
    stats.peakInFlight = Math.max(stats.peakInFlight, inFlight);
    // In flight when this one was sent: on a refusal the server was accepting fewer than this.
    const outstanding = inFlight;
    void (async () => {
      try {
        const raw = await fetchRaw(slot.ref, { signal, timeoutMs: opts.timeoutMs });
        limit.success();
        const parsed = await safeParseLazy(checks.NodePayload, raw);
        if (!parsed.success) {
          finish(slot, { kind: 'error', ref: slot.ref, depth: slot.depth, parent: slot.parent, error: invalidPayload(slot.ref, parsed.error.issues.slice(0, 10).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)) });
        } else {
          // The models are loose and transform nothing: the checked body is the node (no second copy held).
          finish(slot, { kind: 'node', ref: slot.ref, depth: slot.depth, parent: slot.parent, listedSystem: slot.listedSystem, listedStopped: slot.listedStopped, node: raw as NodePayload, raw });
        }
      } catch (e) {
        const err = toMeshError(e);
        if (signal?.aborted) {
          finish(slot, { kind: 'error', ref: slot.ref, depth: slot.depth, parent: slot.parent, error: err });
        } else if (err.code === 'service_unavailable') {
          stats.backpressure++;
          limit.overload(outstanding);
          slot.backpressure++;
          slot.attempts--;
          if (slot.backpressure < bpAttempts) retryLater(slot, delay(slot.backpressure, err.retryAfterS));
          else finish(slot, { kind: 'error', ref: slot.ref, depth: slot.depth, parent: slot.parent, error: err });
        } else if (err.code === 'not_found') {
          finish(slot, { kind: 'error', ref: slot.ref, depth: slot.depth, parent: slot.parent, error: err });
        } else if ((err.code === 'gateway_timeout' || err.code === 'connection_reset' || err.retryable) && slot.attempts <= retries + (err.code === 'connection_reset' ? 2 : 0)) {
          retryLater(slot, delay(slot.attempts, err.retryAfterS));
        } else {
          finish(slot, { kind: 'error', ref: slot.ref, depth: slot.depth, parent: slot.parent, error: err });
        }
      } finally {
        inFlight--;
        stats.concurrency = limit.value;
        // Refill the freed slot at once: the server's limit is only reached if no slot sits idle.
        launch();
        notify();
      }
    })();
  };

  let launching = false;
  function launch(): void {
    if (launching) return; // an answer that came back synchronously, inside this loop
    launching = true;
    try {
      fill();
    } finally {
      launching = false;
    }
  }
  const fill = () => {
    while (inFlight < limit.value && !signal?.aborted) {
      const retry = ready.shift();
      if (retry) {
        start(retry);
        continue;
      }
      if (window.length - head >= bufferLimit) break;
      const slot = nextSlot();
      if (!slot) break;
      window.push(slot);
      start(slot);
    }
  };

  chunks.push({ depth: 0, refs: [opts.start ?? 'root'], next: 0 });
  try {
    for (;;) {
      signalled = false;
      launch();
      while (head < window.length && window[head].state === 'done') {
        const slot = window[head];
        const event = slot.event!;
        slot.event = undefined;
        head++;
        if (event.kind === 'node') {
          stats.nodes++;
          const { node } = event;
          if (slot.depth < maxDepth && node.children.length && (opts.follow?.(node, slot.depth) ?? true)) {
            const p = node.properties as Record<string, { system_children?: string[]; stopped_children?: string[] }>;
            const props = Object.values(p)[0] ?? {};
            chunks.push({
              depth: slot.depth + 1,
              parent: event.ref,
              refs: node.children,
              sys: props.system_children?.length ? new RefSet(props.system_children) : undefined,
              stp: props.stopped_children?.length ? new RefSet(props.stopped_children) : undefined,
              next: 0,
            });
          }
        } else if (event.error.code === 'not_found') stats.notFound++;
        else stats.failed++;
        // Drop what has been handed out so a long walk does not keep every slot.
        if (head > 1024 && head * 2 > window.length) {
          window = window.slice(head);
          head = 0;
        }
        launch();
        yield event;
        if (signal?.aborted) break;
      }
      if (signal?.aborted) break;
      if (head >= window.length && chunkHead >= chunks.length && inFlight === 0 && timers === 0 && ready.length === 0) break;
      // Wait for an answer or a retry timer, unless one came while the events above were handed out.
      if (!signalled) await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    stats.concurrency = limit.value;
    stats.minConcurrency = limit.min;
    stats.maxConcurrency = limit.peak;
  }
  return stats;
}

/** Run a walk to the end, handing each event to `onEvent`; returns the statistics. */
export async function runWalk(client: AdminClient | undefined, opts: WalkOptions, onEvent: (e: WalkEvent) => void | Promise<void>): Promise<WalkStats> {
  const it = walk(client, opts);
  let finished = false;
  try {
    for (;;) {
      const r = await it.next();
      if (r.done) {
        finished = true;
        return r.value;
      }
      await onEvent(r.value);
    }
  } finally {
    // The consumer stopped early (it threw): stop launching requests.
    if (!finished) await it.return(undefined as never);
  }
}
