/**
 * The diagnose window against a simulated admin server that allows `limit` resolves at once and
 * refuses the others at once with 503 `service_unavailable`. A discrete-event simulation: virtual
 * time (a resolve takes 20 units, a refusal 1, a back-off 5), no timers, no wall clock.
 */
import { describe, expect, it } from 'vitest';
import { AdaptiveLimiter, type AttemptKind } from '../../src/diagnose/limiter.js';
import { DEFAULTS } from '../../src/diagnose/run.js';

interface Outcome {
  /** The most probes in flight at once. */
  peak: number;
  /** The most in flight when a probe started, after the server first refused one. */
  afterRefusal: number;
  /** The largest window after the server first refused one. */
  windowAfterRefusal: number;
  refusals: number;
  finalWindow: number;
}

/** `probes` probes (all waiting from the start) through a limiter of `max`, against a server of `limit`. */
async function simulate(limit: (now: number) => number, max: number, probes: number): Promise<Outcome> {
  const lim = new AdaptiveLimiter<number>({ max, initial: DEFAULTS.initialWindow }, (a, b) => a - b);
  const events: Array<{ t: number; seq: number; fire: () => void }> = [];
  let now = 0;
  let seq = 0;
  const after = <T>(dt: number, value: () => T) => new Promise<T>((resolve) => events.push({ t: now + dt, seq: seq++, fire: () => resolve(value()) }));
  const out: Outcome = { peak: 0, afterRefusal: 0, windowAfterRefusal: 0, refusals: 0, finalWindow: 0 };
  let atServer = 0;
  let refused = false;
  const probe = async (key: number) => {
    for (;;) {
      const permit = await lim.acquire(key);
      out.peak = Math.max(out.peak, lim.active);
      if (refused) out.afterRefusal = Math.max(out.afterRefusal, permit.inflightAtStart);
      const admitted = atServer < limit(now);
      if (admitted) atServer++;
      const kind = await after<AttemptKind>(admitted ? 20 : 1, () => {
        if (admitted) atServer--;
        return admitted ? 'fast' : 'busy';
      });
      permit.release(kind);
      if (kind === 'fast') return;
      out.refusals++;
      refused = true;
      await after(5, () => undefined);
    }
  };
  let finished = false;
  void Promise.all(Array.from({ length: probes }, (_, k) => probe(k))).then(() => (finished = true));
  const settle = () => new Promise((r) => setImmediate(r));
  await settle();
  while (!finished) {
    events.sort((a, b) => a.t - b.t || a.seq - b.seq);
    const e = events.shift();
    if (!e) throw new Error('the simulation stalled');
    now = e.t;
    e.fire();
    await settle();
    if (refused) out.windowAfterRefusal = Math.max(out.windowAfterRefusal, lim.window);
  }
  out.finalWindow = lim.window;
  return out;
}

describe('the diagnose window against a server that refuses what it cannot take', () => {
  it('at the default limit of 2: never more than 4 in flight, never above 3 once refused, and few refusals', async () => {
    const r = await simulate(() => 2, 16, 300);
    // slow start from 2 doubles at most once before the first refusal...
    expect(r.peak).toBeLessThanOrEqual(4);
    // ...then the window holds at what the server allowed, trying one more slot now and then
    expect(r.afterRefusal).toBeLessThanOrEqual(3);
    expect(r.windowAfterRefusal).toBeLessThanOrEqual(3);
    expect(r.finalWindow).toBeGreaterThanOrEqual(2);
    // each refused try waits twice as long before the next: a handful in 300 probes, not one every 16
    expect(r.refusals).toBeGreaterThan(0);
    expect(r.refusals).toBeLessThanOrEqual(10);
  });

  it('at a limit of 5 the same holds: at most twice the limit at first, then at most one above it', async () => {
    const r = await simulate(() => 5, 16, 400);
    expect(r.peak).toBeLessThanOrEqual(10);
    expect(r.afterRefusal).toBeLessThanOrEqual(6);
    expect(r.windowAfterRefusal).toBeLessThanOrEqual(6);
    expect(r.finalWindow).toBeGreaterThanOrEqual(5);
    expect(r.refusals).toBeLessThanOrEqual(12);
  });

  it('when the server allows as many as --concurrency, the window reaches it without a refusal', async () => {
    const r = await simulate(() => 16, 16, 300);
    expect(r.refusals).toBe(0);
    expect(r.peak).toBe(16);
  });

  it('when another client takes slots away, the window follows it down and stays at most one above', async () => {
    const r = await simulate((t) => (t < 200 ? 8 : 3), 16, 500);
    expect(r.finalWindow).toBeLessThanOrEqual(4);
    expect(r.finalWindow).toBeGreaterThanOrEqual(3);
  });
});
