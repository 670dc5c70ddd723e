/**
 * Simulated actors of the asya mock: each picks up the envelopes sent to its queue, checks the stored
 * status first as a sidecar does (a canceled or paused envelope is skipped), marks it running,
 * streams its text as fly tokens with progress status events in between, and ends it by outcome.
 * Envelopes for actors the scenario does not name are never picked up and stay pending.
 */
import { isTerminal } from '../../vocab/asya.js';
import type { Rng } from '../rng.js';
import type { MockContext } from '../types.js';
import type { AsyaActor } from './scenario.js';
import type { EnvelopeStore, StoredEnvelope } from './store.js';

type Ms = number | [number, number];

class Closed extends Error {}

export class ActorSimulation {
  private readonly actors = new Map<string, AsyaActor>();
  private readonly timers = new Set<{ t: NodeJS.Timeout; reject: (e: Error) => void }>();
  private closed = false;

  constructor(
    private readonly ctx: MockContext,
    private readonly store: EnvelopeStore,
    actors: AsyaActor[],
    private readonly rng: Rng,
  ) {
    for (const a of actors) this.actors.set(a.name, a);
    store.onCreate = (env) => this.pickUp(env);
    store.cutPolicy = (env) => this.actors.get(String(env.data.actor ?? ''))?.cut_stream;
  }

  has(actor: string): boolean {
    return this.actors.has(actor);
  }

  private ms(range: Ms): number {
    return typeof range === 'number' ? range : range[0] + this.rng.next() * (range[1] - range[0]);
  }

  /** Sleep for simulated ms (scaled by the clock speed); rejects when the mock closes. */
  private sleep(simMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.closed) return reject(new Closed());
      const entry = {
        t: setTimeout(() => {
          this.timers.delete(entry);
          resolve();
        }, simMs / this.ctx.clock.speed),
        reject,
      };
      entry.t.unref();
      this.timers.add(entry);
    });
  }

  private pickUp(env: StoredEnvelope): void {
    const actor = this.actors.get(String(env.data.actor ?? ''));
    if (!actor) return;
    this.work(env.id, actor).catch((e) => {
      if (!(e instanceof Closed)) throw e;
    });
  }

  private gone(id: string): boolean {
    const env = this.store.get(id);
    return !env || isTerminal(env.status);
  }

  private async work(id: string, actor: AsyaActor): Promise<void> {
    await this.sleep(this.ms(actor.pickup_ms));
    if (actor.await_subscriber_ms > 0) await this.store.waitForSubscriber(id, actor.await_subscriber_ms);
    if (this.closed) return;
    const env = this.store.get(id);
    // The sidecar's pre-flight check: skip canceled, paused or otherwise final envelopes.
    if (!env || env.status === 'paused' || isTerminal(env.status)) return;
    const payload = env.data.payload === undefined ? '{}' : JSON.stringify(env.data.payload);
    const text = actor.text.split('{payload}').join(payload);
    const tokens = text.match(/\S+\s*|\s+/g) ?? [];
    const status = (progress: number, message?: string) =>
      this.store.applyStatus(id, 'running', { status: 'running', actor: actor.name, progress, progress_percent: progress, ...(message ? { message } : {}) });
    status(0, `picked up by ${actor.name}`);
    const steps = actor.progress_steps;
    let step = 0;
    for (let i = 0; i < tokens.length; i++) {
      await this.sleep(this.ms(actor.token_ms));
      if (this.gone(id)) return;
      this.store.publish(id, 'fly', { text: tokens[i] });
      const reached = steps > 0 ? Math.floor(((i + 1) / tokens.length) * steps) : 0;
      if (reached > step && reached < steps) {
        step = reached;
        status(Math.round((step / steps) * 1000) / 10);
      }
    }
    if (actor.outcome === 'hang') return;
    await this.sleep(this.ms(actor.token_ms));
    if (this.gone(id)) return;
    if (actor.outcome === 'failed' || this.rng.chance(actor.fail_rate)) {
      this.store.applyStatus(id, 'failed', { status: 'failed', actor: actor.name, error: actor.error });
    } else {
      this.store.applyStatus(id, 'succeeded', { status: 'succeeded', actor: actor.name, progress: 100, progress_percent: 100, result: { response: text } });
    }
  }

  close(): void {
    this.closed = true;
    for (const e of this.timers) {
      clearTimeout(e.t);
      e.reject(new Closed());
    }
    this.timers.clear();
  }
}
