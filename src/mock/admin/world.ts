/**
 * The simulated Monarch mesh behind meshscope's admin mock: hosts, their service and local procs,
 * user procs, system and user actors, supervision children, stopped actors, failures (with
 * propagated root causes and poisoned procs), stalls, memory and queue statistics, and flight
 * recorders. The world is seeded (same seed, same references) and moves with the simulated clock:
 * counters grow, statuses change, failures scheduled with `after_s` happen.
 *
 * Records are small and built eagerly (a 10,000-actor world builds in tens of milliseconds);
 * everything that depends on time (statuses, counters, flight recorders) is computed when a node
 * is resolved. Resolving is a map lookup by reference.
 */
import { createRng, type Rng } from '../rng.js';
import type {
  ActorProperties,
  Execution,
  FailureInfo,
  InboundOrdering,
  NodePayload,
  ProcessMemoryStats,
  RecordedEvent,
} from '../../backends/admin/models.js';
import type { AdminScenario, MsRange, StatusProfile, Target } from './scenario.js';

export interface WorldClock {
  now(): number;
}

export type ProcRole = 'service' | 'local' | 'user';
export type ActorRole = 'host_agent' | 'mesh_admin' | 'mesh_admin_bridge' | 'proc_agent' | 'cast' | 'user' | 'child';

/** How a host's references are written (see the scenario's `ref_forms`). */
export type RefForm = 'current' | 'legacy' | 'opaque';

export interface HostRec {
  kind: 'host';
  ref: string;
  /** The form of this host's references and of everything on it. */
  form: RefForm;
  /** Channel address in display form (`tcp:10.0.0.1:26600`). */
  addr: string;
  index: number;
  procs: ProcRec[];
  h: number;
}

export interface ProcRec {
  kind: 'proc';
  ref: string;
  /** The `proc_name` label: `service`, `local`, or the user proc's label. */
  name: string;
  /** The ProcId display (what /v1/tree prints). */
  display: string;
  role: ProcRole;
  /** The location part of the proc's address (`tcp://10.0.0.1:26601`). */
  loc: string;
  /** Index among the host's user procs (-1 for service/local). */
  index: number;
  host: HostRec;
  /** Actors in spawn order (live at build time). */
  actors: ActorRec[];
  /** Actors already stopped when the world was built, oldest first. */
  stopped: ActorRec[];
  /** Actors with a scheduled or past failure. */
  failing: ActorRec[];
  pid: number;
  h: number;
  view?: { key: number; live: ActorRec[]; terminated: ActorRec[]; failed: number };
}

export interface FailureRec {
  at: number;
  message: string;
  rootCause: ActorRec;
  propagated: boolean;
}

export interface ActorRec {
  kind: 'actor';
  ref: string;
  /** Compact uid (`philosopher<2MuAHeDjLCEd>`, `host_agent`, legacy `agent[0]`). */
  uid: string;
  /** The actor's label (`?` when unlabelled). */
  name: string;
  role: ActorRole;
  system: boolean;
  proc: ProcRec;
  h: number;
  createdAt: number;
  actorType: string;
  handler: string;
  profile: StatusProfile;
  children: ActorRec[];
  supervisor?: ActorRec;
  stoppedAt?: number;
  stopReason?: string;
  failure?: FailureRec;
  stalledSince?: number;
}

export type NodeRec = HostRec | ProcRec | ActorRec;

export interface WorldSize {
  hosts: number;
  procs: number;
  actors: number;
  /** root + hosts + procs + actors */
  nodes: number;
}

const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const SERVICE_PORT = 26600;

function b58(rng: Rng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += B58[Math.floor(rng.next() * 58)];
  return s;
}

/** Characters base58 leaves out (they look alike): an uid made with them is in no Monarch grammar. */
const NOT_B58 = '0OIl';

/** An instance uid outside base58: it starts with one of 0 O I l, and mixes them in. */
function opaqueUid(rng: Rng, n: number): string {
  const all = B58 + NOT_B58;
  let s = NOT_B58[Math.floor(rng.next() * NOT_B58.length)];
  for (let i = 1; i < n; i++) s += all[Math.floor(rng.next() * all.length)];
  return s;
}

/** A 32-bit integer hash (deterministic per-node values without storing them). */
function mix(a: number, b: number): number {
  let h = (Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x27d4eb2f, 0xc2b2ae35)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d) >>> 0;
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

/** A deterministic number in [0, 1) for (node, salt). */
function unit(h: number, salt: number): number {
  return mix(h, salt) / 4294967296;
}

function hex(h: number, salt: number, bytes: number): string {
  let s = '';
  for (let i = 0; i < bytes; i += 4) s += mix(h, salt * 31 + i).toString(16).padStart(8, '0');
  return s.slice(0, bytes * 2);
}

// The last two times formatted: a busy server formats the same millisecond many times, and a
// payload often holds two times (the root's `as_of` and `started_at`) that would evict each other.
const isoMs = [NaN, NaN];
const isoText = ['', ''];
let isoNext = 0;

/** RFC 3339 of a time in ms. */
export function iso(ms: number): string {
  const t = Math.floor(ms);
  if (t === isoMs[0]) return isoText[0];
  if (t === isoMs[1]) return isoText[1];
  isoMs[isoNext] = t;
  isoText[isoNext] = new Date(t).toISOString();
  const text = isoText[isoNext];
  isoNext ^= 1;
  return text;
}

/** A UUID v7 string from a millisecond timestamp and a node hash. */
function uuidV7(ms: number, h: number): string {
  const t = Math.floor(ms).toString(16).padStart(12, '0').slice(-12);
  const r = hex(h, 7, 10);
  const variant = ((parseInt(r[3], 16) & 0x3) | 0x8).toString(16);
  return `${t.slice(0, 8)}-${t.slice(8, 12)}-7${r.slice(0, 3)}-${variant}${r.slice(4, 7)}-${r.slice(8, 20)}`;
}

/** A UUID v4 string from a node hash. */
function uuidV4(h: number, salt: number): string {
  const r = hex(h, salt, 16);
  const variant = ((parseInt(r[16], 16) & 0x3) | 0x8).toString(16);
  return `${r.slice(0, 8)}-${r.slice(8, 12)}-4${r.slice(13, 16)}-${variant}${r.slice(17, 20)}-${r.slice(20, 32)}`;
}

export function drawMs(range: MsRange, rng: Rng): number {
  return typeof range === 'number' ? range : range[0] + rng.next() * (range[1] - range[0]);
}

const USER_HANDLERS: Record<string, string> = {
  pyspy_worker: 'work_forever',
  philosopher: 'eat',
  learner: 'train_step',
  generator: 'generate',
  trainer: 'train_step',
  worker: 'process_batch',
};
const FALLBACK_HANDLERS = ['process_batch', 'step', 'handle', 'forward', 'sync_weights'];

const SYSTEM_TYPES: Record<string, string> = {
  host_agent: 'hyperactor_mesh::host_mesh::host_agent::HostAgent',
  mesh_admin: 'hyperactor_mesh::mesh_admin::MeshAdminAgent',
  mesh_admin_bridge: 'hyperactor_mesh::mesh_admin::MeshAdminBridge',
  proc_agent: 'hyperactor_mesh::proc_agent::ProcAgent',
  cast: 'hyperactor_cast::cast_actor::CastActor',
};
const SYSTEM_HANDLERS: Record<string, string> = {
  host_agent: 'hyperactor_mesh::resource::GetState',
  mesh_admin: 'hyperactor_mesh::mesh_admin::ResolveReferenceMessage',
  mesh_admin_bridge: 'hyperactor_mesh::mesh_admin::BridgeMessage',
  proc_agent: 'hyperactor_mesh::resource::GetRankStatus',
  cast: 'hyperactor_cast::CastMessage',
};
const USER_TYPE = 'monarch_hyperactor::actor::PythonActor';

const POISON_MESSAGES = [
  'actor panicked: ValueError: loss is NaN at step 4113',
  'handler `train_step` raised: RuntimeError: NCCL communicator was aborted on rank 3',
  'process exited with signal SIGKILL (out of memory)',
  'handler `generate` raised: TimeoutError: peer did not answer within 30s',
];
const STOP_REASONS = ['finished', 'shutdown requested', 'stopped by supervisor', 'idle timeout'];

function defaultStartedBy(env: Record<string, string | undefined>): string {
  return env.USER || env.USERNAME || 'unknown';
}

export interface WorldOptions {
  seed: number | string;
  clock: WorldClock;
  /** Where `started_by` comes from when the scenario does not set it (default process.env). */
  env?: Record<string, string | undefined>;
}

export class World {
  readonly cfg: AdminScenario;
  readonly clock: WorldClock;
  /** When the simulated mesh came up (root `started_at`). */
  readonly startedAt: number;
  /** Clock time when the world was built (failures' `after_s` count from here). */
  readonly origin: number;
  readonly startedBy: string;
  readonly hosts: HostRec[] = [];
  /** The mesh admin agent and its proc (for /v1/admin). */
  adminActor!: ActorRec;
  private readonly nodes = new Map<string, NodeRec>();
  private readonly missing = new Set<string>();
  private readonly hung = new Set<string>();
  private readonly slow = new Map<string, MsRange>();
  private readonly seedHash: number;
  private counts = { procs: 0, actors: 0 };

  constructor(cfg: AdminScenario, opts: WorldOptions) {
    this.cfg = cfg;
    this.clock = opts.clock;
    this.origin = opts.clock.now();
    this.startedAt = this.origin - cfg.uptime_s * 1000;
    this.startedBy = cfg.started_by ?? defaultStartedBy(opts.env ?? process.env);
    const rng = createRng(`${String(opts.seed)}:admin-world`);
    this.seedHash = mix(rng.int(0, 2 ** 31), 17);
    this.build(rng);
    this.applyScenario(createRng(`${String(opts.seed)}:admin-events`));
  }

  // -------------------------------------------------------------------------------------------
  // Building
  // -------------------------------------------------------------------------------------------

  /** The reference form of host `h`: the scenario's ref_forms in turn, else legacy or current. */
  formOf(h: number): RefForm {
    const forms = this.cfg.ref_forms;
    if (forms && forms.length > 0) return forms[h % forms.length];
    return this.cfg.legacy_refs ? 'legacy' : 'current';
  }

  private location(h: number, port: number, rng: Rng): { loc: string; addr: string } {
    const legacy = this.formOf(h) === 'legacy';
    switch (this.cfg.transport) {
      case 'metatls': {
        const host = `mesh-host-${h}.cluster.example.com`;
        return legacy ? { loc: `metatls:${host}:${port}`, addr: `metatls:${host}:${port}` } : { loc: `metatls://${host}:${port}`, addr: `metatls:${host}:${port}` };
      }
      case 'ipc': {
        const id = b58(rng, 16);
        return legacy ? { loc: `unix:@${id}`, addr: `unix:@${id}` } : { loc: `ipc://@${id}`, addr: `unix:@${id}` };
      }
      default: {
        const ip = `10.0.${Math.floor(h / 250)}.${(h % 250) + 1}`;
        return legacy ? { loc: `tcp:${ip}:${port}`, addr: `tcp:${ip}:${port}` } : { loc: `tcp://${ip}:${port}`, addr: `tcp:${ip}:${port}` };
      }
    }
  }

  private add<T extends NodeRec>(rec: T): T {
    if (this.nodes.has(rec.ref)) throw new Error(`admin world: duplicate reference ${rec.ref}`);
    this.nodes.set(rec.ref, rec);
    return rec;
  }

  private nextHash(): number {
    return mix(this.seedHash, this.nodes.size + 1);
  }

  private makeProc(host: HostRec, role: ProcRole, index: number, label: string, loc: string, rng: Rng, fixedId?: string): ProcRec {
    const legacy = host.form === 'legacy';
    let id: string;
    if (fixedId !== undefined) id = fixedId;
    else if (host.form === 'opaque') id = `${label}<${opaqueUid(rng, role === 'user' ? 6 : 4)}>`;
    else if (role !== 'user') id = role;
    else id = legacy ? label : `${label}<${b58(rng, 6)}>`;
    const ref = legacy ? `${loc},${id}` : `${id}@${loc}`;
    const proc: ProcRec = {
      kind: 'proc',
      ref,
      name: label,
      display: legacy ? ref : id,
      role,
      loc,
      index,
      host,
      actors: [],
      stopped: [],
      failing: [],
      pid: 0,
      h: this.nextHash(),
    };
    proc.pid = 1000 + (proc.h % 400000);
    this.counts.procs++;
    return this.add(proc);
  }

  private legacyCounters = new Map<string, number>();

  private makeActor(proc: ProcRec, role: ActorRole, label: string | undefined, rng: Rng, opts: { singleton?: boolean; supervisor?: ActorRec } = {}): ActorRec {
    const legacy = proc.host.form === 'legacy';
    let uid: string;
    if (legacy) {
      const base = opts.supervisor ? opts.supervisor.name : (label ?? 'actor');
      const key = `${proc.ref}\u0000${base}`;
      const n = this.legacyCounters.get(key) ?? 0;
      this.legacyCounters.set(key, n + 1);
      uid = `${base}[${n}]`;
    } else if (opts.singleton) uid = label!;
    else if (proc.host.form === 'opaque') uid = label ? `${label}<${opaqueUid(rng, 8)}>` : `<${opaqueUid(rng, 8)}>`;
    else uid = label ? `${label}<${b58(rng, 12)}>` : `<${b58(rng, 12)}>`;
    const ref = legacy ? `${proc.ref},${uid}` : `${uid}.${proc.display}@${proc.loc}`;
    // an opaque label may itself hold a `<`: its name is the label it was given
    const name = legacy ? uid.replace(/\[\d+\]$/, '') : proc.host.form === 'opaque' && label && !opts.singleton ? label : uid.split('<')[0] || '?';
    const system = role !== 'user' && role !== 'child';
    const h = this.nextHash();
    const latest = this.origin - 500;
    let createdAt: number;
    if (system) createdAt = this.startedAt + 200 + unit(h, 1) * 3000;
    else if (opts.supervisor) createdAt = opts.supervisor.createdAt + 100 + unit(h, 1) * Math.max(1, latest - opts.supervisor.createdAt - 100);
    else createdAt = this.startedAt + 5000 + unit(h, 1) * Math.max(1, this.origin - this.startedAt - 60_000);
    createdAt = Math.min(createdAt, latest);
    const actor: ActorRec = {
      kind: 'actor',
      ref,
      uid,
      name,
      role,
      system,
      proc,
      h,
      createdAt,
      actorType: system ? (SYSTEM_TYPES[role] ?? 'hyperactor::actor::Actor') : USER_TYPE,
      handler: system ? (SYSTEM_HANDLERS[role] ?? 'handle') : (USER_HANDLERS[name] ?? FALLBACK_HANDLERS[h % FALLBACK_HANDLERS.length]),
      profile: 'idle',
      children: [],
      supervisor: opts.supervisor,
    };
    if (opts.supervisor) opts.supervisor.children.push(actor);
    this.counts.actors++;
    return this.add(actor);
  }

  private pickProfile(rng: Rng): StatusProfile {
    const entries = Object.entries(this.cfg.statuses).filter(([, w]) => (w ?? 0) > 0) as [StatusProfile, number][];
    const total = entries.reduce((s, [, w]) => s + w, 0);
    if (total <= 0) return 'idle';
    let x = rng.next() * total;
    for (const [p, w] of entries) {
      x -= w;
      if (x < 0) return p;
    }
    return entries[entries.length - 1][0];
  }

  private build(rng: Rng): void {
    const cfg = this.cfg;
    let userProcSeq = 0;
    for (let hi = 0; hi < cfg.hosts; hi++) {
      const service = this.location(hi, SERVICE_PORT, rng);
      const form = this.formOf(hi);
      // an opaque host's service proc keeps its name but carries an uid no Monarch release writes
      const svcId = form === 'opaque' ? `service<${opaqueUid(rng, 4)}>` : 'service';
      const hostRefTail = form === 'legacy' ? `${service.loc},service,host_agent[0]` : `host_agent.${svcId}@${service.loc}`;
      const host: HostRec = { kind: 'host', ref: `host:${hostRefTail}`, form, addr: service.addr, index: hi, procs: [], h: this.nextHash() };
      this.add(host);
      this.hosts.push(host);

      const svc = this.makeProc(host, 'service', -1, 'service', service.loc, rng, svcId);
      host.procs.push(svc);
      svc.actors.push(this.makeActor(svc, 'host_agent', 'host_agent', rng, { singleton: true }));
      if (hi === 0) {
        const admin = this.makeActor(svc, 'mesh_admin', 'mesh_admin', rng);
        admin.profile = 'processing';
        svc.actors.push(admin);
        svc.actors.push(this.makeActor(svc, 'mesh_admin_bridge', 'mesh_admin_bridge', rng, { singleton: true }));
        this.adminActor = admin;
      }
      const local = this.makeProc(host, 'local', -1, 'local', service.loc, rng);
      host.procs.push(local);

      for (let pi = 0; pi < cfg.procs_per_host; pi++) {
        const label = cfg.proc_names[userProcSeq++ % cfg.proc_names.length];
        const where = this.location(hi, SERVICE_PORT + 1 + pi, rng);
        const proc = this.makeProc(host, 'user', pi, label, where.loc, rng);
        host.procs.push(proc);
        proc.actors.push(this.makeActor(proc, 'proc_agent', 'proc_agent', rng, { singleton: true }));
        proc.actors.push(this.makeActor(proc, 'cast', 'cast', rng, { singleton: true }));
        let first: ActorRec | undefined;
        for (let ai = 0; ai < cfg.actors_per_proc; ai++) {
          const a = this.makeActor(proc, 'user', cfg.actor_names[ai % cfg.actor_names.length], rng);
          a.profile = this.pickProfile(rng);
          proc.actors.push(a);
          first ??= a;
        }
        if (first) {
          for (let ci = 0; ci < cfg.child_actors; ci++) {
            const c = this.makeActor(proc, 'child', undefined, rng, { supervisor: first });
            c.profile = this.pickProfile(rng);
            proc.actors.push(c);
          }
        }
        const stopped = Math.min(cfg.stopped_per_proc, cfg.stopped_retention_cap);
        for (let si = 0; si < stopped; si++) {
          const a = this.makeActor(proc, 'user', cfg.actor_names[(cfg.actors_per_proc + si) % cfg.actor_names.length], rng);
          a.stoppedAt = a.createdAt + 1000 + unit(a.h, 9) * Math.max(1000, this.origin - a.createdAt - 1000);
          a.stopReason = STOP_REASONS[a.h % STOP_REASONS.length];
          proc.stopped.push(a);
        }
        proc.stopped.sort((x, y) => x.stoppedAt! - y.stoppedAt!);
      }
    }
    if (!this.adminActor) throw new Error('admin world: no mesh admin agent');
  }

  /** The node a scenario target names, or an error saying what is wrong. */
  select(t: Target): NodeRec {
    const where = JSON.stringify(t);
    const host = this.hosts[t.host];
    if (!host) throw new Error(`admin scenario: target ${where}: no host ${t.host} (the world has ${this.hosts.length})`);
    if (t.proc === undefined) {
      if (t.actor !== undefined || t.child !== undefined) throw new Error(`admin scenario: target ${where}: an actor needs a proc`);
      return host;
    }
    const proc = t.proc === 'service' || t.proc === 'local' ? host.procs.find((p) => p.role === t.proc) : host.procs.filter((p) => p.role === 'user')[t.proc];
    if (!proc) throw new Error(`admin scenario: target ${where}: no proc ${String(t.proc)} on host ${t.host}`);
    if (t.actor === undefined) {
      if (t.child !== undefined) throw new Error(`admin scenario: target ${where}: a child needs an actor`);
      return proc;
    }
    const all = [...proc.actors, ...proc.stopped];
    const actor = typeof t.actor === 'number' ? all.filter((a) => a.role === 'user')[t.actor] : all.find((a) => a.name === t.actor || a.uid === t.actor);
    if (!actor) throw new Error(`admin scenario: target ${where}: no actor ${String(t.actor)} in proc ${proc.ref}`);
    if (t.child === undefined) return actor;
    const child = actor.children[t.child];
    if (!child) throw new Error(`admin scenario: target ${where}: actor ${actor.ref} has no child ${t.child}`);
    return child;
  }

  private fail(actor: ActorRec, at: number, message: string, propagate: boolean): void {
    if (actor.stoppedAt !== undefined || actor.failure) return;
    at = Math.max(at, actor.createdAt + 1000);
    actor.failure = { at, message, rootCause: actor, propagated: false };
    actor.proc.failing.push(actor);
    let cur = actor.supervisor;
    while (propagate && cur && cur.stoppedAt === undefined && !cur.failure) {
      cur.failure = { at, message: `${actor.ref} failed: ${message}`, rootCause: actor, propagated: true };
      cur.proc.failing.push(cur);
      cur = cur.supervisor;
    }
  }

  private applyScenario(rng: Rng): void {
    const cfg = this.cfg;
    for (const f of cfg.failures) {
      const target = f.actor === undefined && f.proc !== undefined ? { ...f, actor: 0 } : f;
      const node = this.select(target);
      if (node.kind !== 'actor') throw new Error(`admin scenario: failure ${JSON.stringify(f)} must name an actor`);
      this.fail(node, this.origin + f.after_s * 1000 - (f.after_s === 0 ? 30_000 + unit(node.h, 11) * 600_000 : 0), f.message, f.propagate);
    }
    if (cfg.poisoned_procs > 0) {
      const candidates = this.hosts.flatMap((h) => h.procs.filter((p) => p.role === 'user' && p.failing.length === 0 && p.actors.some((a) => a.role === 'user')));
      for (let i = 0; i < cfg.poisoned_procs && candidates.length > 0; i++) {
        const proc = candidates.splice(Math.floor(rng.next() * candidates.length), 1)[0];
        const users = proc.actors.filter((a) => a.role === 'user');
        const victim = users[users.length - 1];
        this.fail(victim, this.origin - 60_000 - rng.next() * 1_800_000, POISON_MESSAGES[i % POISON_MESSAGES.length], true);
      }
    }
    for (const t of cfg.stalled) {
      const node = this.select(t);
      if (node.kind !== 'actor') throw new Error(`admin scenario: stalled ${JSON.stringify(t)} must name an actor`);
      node.stalledSince = this.origin - 90_000 - unit(node.h, 12) * 600_000;
    }
    for (const t of cfg.missing) this.missing.add(this.select(t).ref);
    for (const t of cfg.hung) this.hung.add(this.select(t).ref);
    for (const s of cfg.slow) this.slow.set(this.select(s).ref, s.latency_ms);
  }

  // -------------------------------------------------------------------------------------------
  // Queries
  // -------------------------------------------------------------------------------------------

  get size(): WorldSize {
    return { hosts: this.hosts.length, procs: this.counts.procs, actors: this.counts.actors, nodes: 1 + this.hosts.length + this.counts.procs + this.counts.actors };
  }

  /** The record behind a reference (also for nodes that answer 404 as `missing`). */
  node(ref: string): NodeRec | undefined {
    return this.nodes.get(ref);
  }

  /** Whether a reference resolves (it exists and is not `missing`). */
  has(ref: string): boolean {
    return ref === 'root' || (this.nodes.has(ref) && !this.missing.has(ref));
  }

  /** How resolving this reference behaves: gone (404), hung (504), extra latency. */
  behaviour(ref: string): { missing: boolean; hung: boolean; slow?: MsRange } {
    return { missing: this.missing.has(ref), hung: this.hung.has(ref), slow: this.slow.get(ref) };
  }

  /** Every reference of the world, root first, in walk order (parents before children). */
  *refs(): Generator<string> {
    yield 'root';
    for (const h of this.hosts) {
      yield h.ref;
      for (const p of h.procs) {
        yield p.ref;
        for (const a of p.actors) yield a.ref;
        for (const a of p.stopped) yield a.ref;
      }
    }
  }

  *procs(): Generator<ProcRec> {
    for (const h of this.hosts) yield* h.procs;
  }

  *actors(): Generator<ActorRec> {
    for (const p of this.procs()) {
      yield* p.actors;
      yield* p.stopped;
    }
  }

  now(): number {
    return this.clock.now();
  }

  isFailed(a: ActorRec, t: number): boolean {
    return a.failure !== undefined && t >= a.failure.at;
  }

  isTerminated(a: ActorRec, t: number): boolean {
    return a.stoppedAt !== undefined || this.isFailed(a, t);
  }

  /** When the actor stopped or failed (undefined while it lives). */
  endedAt(a: ActorRec, t: number): number | undefined {
    if (a.stoppedAt !== undefined) return a.stoppedAt;
    if (this.isFailed(a, t)) return a.failure!.at;
    return undefined;
  }

  /** A proc's live and terminated actors at time t (cached until the next failure happens). */
  procView(p: ProcRec, t: number): { live: ActorRec[]; terminated: ActorRec[]; failed: number } {
    let key = 0;
    for (const a of p.failing) if (t >= a.failure!.at) key++;
    if (p.view && p.view.key === key) return p.view;
    const failedNow = p.failing.filter((a) => t >= a.failure!.at).sort((x, y) => x.failure!.at - y.failure!.at);
    const failedSet = new Set(failedNow);
    const live = p.actors.filter((a) => !failedSet.has(a));
    const view = { key, live, terminated: [...p.stopped, ...failedNow], failed: failedNow.length };
    p.view = view;
    return view;
  }

  // -------------------------------------------------------------------------------------------
  // Time-dependent actor state
  // -------------------------------------------------------------------------------------------

  /** Milliseconds the actor has been in its current handler, or undefined when not processing. */
  processingMs(a: ActorRec, t: number): number | undefined {
    if (this.isTerminated(a, t)) return undefined;
    if (a.stalledSince !== undefined) return Math.max(0, Math.floor(t - a.stalledSince));
    if (a.profile !== 'processing') return undefined;
    const period = 1500 + unit(a.h, 21) * 6000;
    const phase = (t + unit(a.h, 22) * period) % period;
    return phase < period * 0.6 ? Math.floor(phase) : undefined;
  }

  status(a: ActorRec, t: number): string {
    if (this.isFailed(a, t)) return `failed: ${a.failure!.message}`;
    if (a.stoppedAt !== undefined) return `stopped: ${a.stopReason ?? 'stopped'}`;
    const busy = this.processingMs(a, t);
    if (busy !== undefined) return a.stalledSince !== undefined || unit(a.h, 23) < 0.5 ? `${a.handler}: processing for ${busy}ms` : `processing for ${busy}ms`;
    switch (a.profile) {
      case 'zombie':
        return 'zombie: did not stop within the shutdown timeout';
      case 'processing':
      case 'idle':
        return 'idle';
      default:
        return a.profile;
    }
  }

  messagesProcessed(a: ActorRec, t: number): number {
    if (a.profile === 'created' || a.profile === 'initializing') return 0;
    const end = Math.max(a.createdAt, this.endedAt(a, t) ?? a.stalledSince ?? t);
    const rate = a.system ? 0.2 + unit(a.h, 31) * 2 : a.profile === 'processing' ? 2 + unit(a.h, 31) * 40 : 0.05 + unit(a.h, 31) * 0.5;
    return Math.floor(unit(a.h, 32) * 50) + Math.floor((rate * (end - a.createdAt)) / 1000);
  }

  queueDepth(a: ActorRec, t: number): number {
    if (this.isTerminated(a, t)) return 0;
    if (a.stalledSince !== undefined) return 3 + Math.floor((t - a.stalledSince) / 2000);
    if (this.processingMs(a, t) === undefined) return 0;
    return Math.floor(unit(a.h, Math.floor(t / 1000)) * 4);
  }

  private inboundOrdering(a: ActorRec, t: number, messages: number): InboundOrdering | null {
    if (a.system || this.isTerminated(a, t)) return null;
    if (a.stalledSince === undefined && unit(a.h, 43) < 0.03) {
      // session state momentarily unavailable: every session-derived field is to be ignored
      return { enabled: true, snapshot_complete: false, skipped_session_count: 1, known_session_count: 0, returned_buffered_session_count: 0, returned_buffered_message_count: 0, returned_max_buffered_count: 0, sessions: [] };
    }
    if (a.stalledSince === undefined && unit(a.h, 41) < 0.2) {
      return { enabled: false, snapshot_complete: true, skipped_session_count: 0, known_session_count: 0, returned_buffered_session_count: 0, returned_buffered_message_count: 0, returned_max_buffered_count: 0, sessions: [] };
    }
    const n = 1 + Math.floor(unit(a.h, 42) * 3);
    const sender = a.supervisor?.ref ?? this.adminActor.ref;
    const sessions = [];
    for (let i = 0; i < n; i++) {
      const released = Math.max(0, Math.floor(messages / n) - i);
      const stalled = a.stalledSince !== undefined && i === 0;
      const buffered = stalled ? 2 + Math.floor((t - a.stalledSince!) / 30_000) : 0;
      sessions.push({
        session_id: uuidV4(a.h, 100 + i),
        sender: i === 0 ? sender : this.adminActor.ref,
        last_released_seq: released,
        expected_next_seq: released + 1,
        buffered_count: buffered,
        oldest_buffered_seq: buffered ? released + 2 : null,
        newest_buffered_seq: buffered ? released + 1 + buffered : null,
      });
    }
    const buffered = sessions.filter((s) => s.buffered_count > 0);
    return {
      enabled: true,
      snapshot_complete: true,
      skipped_session_count: 0,
      known_session_count: n,
      returned_buffered_session_count: buffered.length,
      returned_buffered_message_count: buffered.reduce((s, x) => s + x.buffered_count, 0),
      returned_max_buffered_count: buffered.reduce((m, x) => Math.max(m, x.buffered_count), 0),
      sessions,
    };
  }

  private execution(a: ActorRec, t: number): Execution | null {
    if (a.system || this.isTerminated(a, t)) return null;
    const busy = this.processingMs(a, t);
    if (busy === undefined) return { active_count: 0, active_handlers: [], complete: true, truncated: false };
    return { active_count: 1, active_handlers: [{ name: a.handler, active_count: 1, oldest_since: iso(t - busy) }], complete: true, truncated: false };
  }

  private failureInfo(a: ActorRec, t: number): FailureInfo | null {
    if (!this.isFailed(a, t)) return null;
    const f = a.failure!;
    return { error_message: f.message, root_cause_actor: f.rootCause.ref, root_cause_name: f.rootCause.uid, occurred_at: iso(f.at), is_propagated: f.propagated };
  }

  /** The actor's recent events, oldest first (what `flight_recorder` encodes). */
  flightRecorder(a: ActorRec, t: number): RecordedEvent[] {
    const end = this.endedAt(a, t) ?? t;
    const gap = 400 + unit(a.h, 51) * 2600;
    const n = 6 + (a.h % 11);
    const last = Math.floor(end / gap) * gap;
    const seqEnd = this.messagesProcessed(a, t);
    const target = a.system ? 'hyperactor::proc' : 'monarch_hyperactor::actor';
    const events: RecordedEvent[] = [];
    if (a.createdAt >= last - n * gap) {
      events.push({ timestamp: iso(a.createdAt), seq: 0, level: 'INFO', target: 'hyperactor::proc', name: 'spawn', fields: { message: `spawned ${a.uid}`, actor_type: a.actorType } });
    }
    for (let i = 0; i < n; i++) {
      const ts = last - (n - 1 - i) * gap;
      if (ts <= a.createdAt || seqEnd === 0) continue;
      const seq = Math.max(1, seqEnd - (n - 1 - i));
      const dur = Math.floor(50 + unit(a.h, 600 + seq) * 20_000);
      if (i % 3 === 2) events.push({ timestamp: iso(ts), seq, level: 'DEBUG', target, name: 'recv', fields: { msg: `received message ${seq}`, handler: a.handler, queue_depth: this.queueDepth(a, ts) } });
      else events.push({ timestamp: iso(ts), seq, level: 'INFO', target, name: 'handle', fields: { handler: a.handler, duration_us: dur, seq } });
    }
    if (a.stalledSince !== undefined && !this.isTerminated(a, t)) {
      events.push({ timestamp: iso(a.stalledSince), seq: seqEnd + 1, level: 'WARN', target, name: 'handle', fields: { message: `handler ${a.handler} started`, handler: a.handler } });
    }
    if (this.isFailed(a, t)) {
      const f = a.failure!;
      events.push({ timestamp: iso(f.at), seq: seqEnd + 1, level: 'ERROR', target: 'hyperactor::proc', name: 'failure', fields: { message: f.message, root_cause: f.rootCause.ref, propagated: f.propagated } });
    } else if (a.stoppedAt !== undefined) {
      events.push({ timestamp: iso(a.stoppedAt), seq: seqEnd + 1, level: 'INFO', target: 'hyperactor::proc', name: 'status', fields: { message: `stopped: ${a.stopReason}` } });
    }
    events.sort((x, y) => (x.timestamp < y.timestamp ? -1 : x.timestamp > y.timestamp ? 1 : 0));
    return events;
  }

  actorProperties(a: ActorRec, t: number): ActorProperties {
    const messages = this.messagesProcessed(a, t);
    const avgUs = 150 + unit(a.h, 61) * 8000;
    const stallUs = a.stalledSince !== undefined && !this.isTerminated(a, t) ? (t - a.stalledSince) * 1000 : 0;
    return {
      actor_status: this.status(a, t),
      actor_type: a.actorType,
      instance_id: uuidV7(a.createdAt, a.h),
      messages_processed: messages,
      created_at: iso(a.createdAt),
      last_message_handler: messages > 0 || a.stalledSince !== undefined ? a.handler : null,
      total_processing_time_us: Math.floor(messages * avgUs + stallUs),
      queue_depth: this.queueDepth(a, t),
      flight_recorder: JSON.stringify(this.flightRecorder(a, t)),
      is_system: a.system,
      inbound_ordering: this.inboundOrdering(a, t, messages),
      failure_info: this.failureInfo(a, t),
      execution: this.execution(a, t),
    };
  }

  private memory(h: number, base: number, spread: number, t: number): ProcessMemoryStats {
    const rss = Math.round((base + unit(h, 71) * spread) * (1 + 0.03 * Math.sin(t / 45_000 + unit(h, 72) * 6)));
    return { process_rss_bytes: rss, process_vm_size_bytes: Math.round(rss * (2.5 + unit(h, 73) * 2)) };
  }

  private procMemory(p: ProcRec, t: number): ProcessMemoryStats {
    // service and local procs live in the host process
    if (p.role !== 'user') return this.memory(p.host.h, 180e6, 220e6, t);
    return this.memory(p.h, 600e6, 9e9, t);
  }

  // -------------------------------------------------------------------------------------------
  // Payloads
  // -------------------------------------------------------------------------------------------

  /** The node payload of a reference at time t, or undefined when it does not resolve (404). */
  resolve(ref: string, t = this.clock.now()): NodePayload | undefined {
    const asOf = iso(t);
    if (ref === 'root') {
      return {
        identity: 'root',
        properties: { Root: { num_hosts: this.hosts.length, started_at: iso(this.startedAt), started_by: this.startedBy, system_children: [] } },
        children: this.hosts.map((h) => h.ref),
        parent: null,
        as_of: asOf,
      };
    }
    if (this.missing.has(ref)) return undefined;
    const rec = this.nodes.get(ref);
    if (!rec) return undefined;
    if (rec.kind === 'host') {
      const mem = this.memory(rec.h, 2e9, 6e9, t);
      return {
        identity: rec.ref,
        properties: { Host: { addr: rec.addr, num_procs: rec.procs.length, system_children: [], memory: mem } },
        children: rec.procs.map((p) => p.ref),
        parent: 'root',
        as_of: asOf,
      };
    }
    if (rec.kind === 'proc') {
      const view = this.procView(rec, t);
      const children = [...view.live, ...view.terminated];
      let total = 0;
      let max = 0;
      for (const a of view.live) {
        const q = this.queueDepth(a, t);
        total += q;
        if (q > max) max = q;
      }
      const hwm = Math.max(total, Math.floor(unit(rec.h, 81) * 40));
      const everBusy = rec.actors.length + rec.stopped.length > 0;
      return {
        identity: rec.ref,
        properties: {
          Proc: {
            proc_name: rec.name,
            num_actors: view.live.length,
            system_children: children.filter((a) => a.system).map((a) => a.ref),
            stopped_children: view.terminated.map((a) => a.ref),
            stopped_retention_cap: this.cfg.stopped_retention_cap,
            is_poisoned: view.failed > 0,
            failed_actor_count: view.failed,
            debug: {
              memory: this.procMemory(rec, t),
              actor_work_queue_depth_total: total,
              actor_work_queue_depth_max: max,
              actor_work_queue_depth_high_water_mark: hwm,
              last_nonzero_queue_depth_age_ms: total > 0 ? 0 : everBusy ? Math.floor(unit(rec.h, 82) * 5000 + (t % 20_000)) : null,
            },
          },
        },
        children: children.map((a) => a.ref),
        parent: rec.host.ref,
        as_of: asOf,
      };
    }
    return {
      identity: rec.ref,
      properties: { Actor: this.actorProperties(rec, t) },
      children: rec.children.map((c) => c.ref),
      parent: rec.proc.ref,
      as_of: asOf,
    };
  }
}

export function buildWorld(cfg: AdminScenario, opts: WorldOptions): World {
  return new World(cfg, opts);
}
