/**
 * The diagnose walk of the reference TUI (`diagnostics.rs::walk`), over an injected probe:
 *
 *   root (AdminInfra, AdminServer; a failed root ends the walk)
 *   for each root child not in root.system_children, in payload order:
 *     the host (AdminInfra, HostAgent; a failed host skips its procs)
 *     Pass A: host children IN host.system_children: the proc (AdminInfra, note from proc_name),
 *             then ALL its children (AdminInfra, note from the child reference)
 *     Pass B: host children NOT in host.system_children: the proc (Mesh, UserProc), its children in
 *             its system_children (Mesh, CastActor/ProcAgent/null), then its first other child
 *             (Mesh, UserActor) — every other child with --all-actors
 *
 * Probes run concurrently (as the probe function's limiter allows) but checks are reported in walk
 * order: every check has a position in the walk tree, and the report is that tree read in order.
 * Actors are leaves of the walk; root, hosts and procs open up more work.
 *
 * References are opaque: every reference a payload lists is probed, whatever its form. Labels and
 * notes follow the reference TUI's recipes for the grammars meshscope knows and plain string rules
 * for any other form (src/backends/admin/refs.ts); each entry also carries the references of its
 * payload that are in no known grammar, which the run reports as one finding.
 */
import type { NodePayload } from '../backends/admin/models.js';
import { actorName, compactUid, RefSet, unknownRefs } from '../backends/admin/refs.js';
import { findingsOf } from './findings.js';
import { ProbeAbandoned, type ProbeResult } from './probe.js';
import type { Check, Finding, Note, Phase } from './types.js';

/** Where a probe sits in the walk: its position, and whether it can open up more probes. */
export interface WalkKey {
  path: number[];
  leaf: boolean;
}

export type ProbeFn = (ref: string, key: WalkKey) => Promise<ProbeResult>;

export interface WalkOptions {
  /** Probe every non-system actor of a Mesh proc, not only the first. */
  allActors?: boolean;
}

export interface WalkEntry {
  check: Check;
  findings: Finding[];
  retries: number;
  /** References in the payload that are in no grammar meshscope knows (each once, payload order). */
  opaque: string[];
}

interface Slot {
  path: number[];
  entry?: WalkEntry;
  children: Slot[];
  /** Settles when the probe finished (entry set) or was abandoned (entry unset). */
  settled: Promise<void>;
}

/**
 * `label_from_payload`: what a fetched node is called, by its properties variant. An actor is
 * called by the compact uid of the probed reference (the whole reference when that is not an
 * actor's; the string recipe for a reference in no known grammar).
 */
export function labelFromPayload(ref: string, payload: NodePayload): string {
  const p = payload.properties;
  if ('Root' in p) return 'root';
  if ('Host' in p) return p.Host.addr;
  if ('Proc' in p) return p.Proc.proc_name;
  if ('Actor' in p) return compactUid(ref);
  return (p as { Error: { message: string } }).Error.message;
}

/** Note of every child actor of an AdminInfra proc (Pass A), from the child reference's name. */
export function adminActorRole(ref: string): Note | null {
  const name = actorName(ref);
  if (name === undefined) return null;
  if (name.startsWith('mesh_admin_bridge')) return 'RootClientBridge';
  if (name.startsWith('mesh_admin')) return 'IntrospectionHandler';
  if (name.startsWith('host_agent')) return 'ActorLifecycleManager';
  return null;
}

/** Note of a system actor of a Mesh proc (Pass B), from the child reference's name. */
export function meshActorRole(ref: string): Note | null {
  const name = actorName(ref);
  if (name === undefined) return null;
  if (name.startsWith('cast')) return 'CastActor';
  if (name.startsWith('proc_agent')) return 'ProcAgent';
  return null;
}

/** Note of an AdminInfra proc (Pass A), from the fetched payload's `proc_name`. */
export function procRole(procName: string): Note {
  return procName === 'local' ? 'LocalClientProc' : 'AdminServiceProc';
}

export class Walk {
  private readonly root: Slot;
  private readonly pending = new Set<Promise<void>>();
  /** Resolves when every probe of the walk has settled. */
  readonly done: Promise<void>;
  private resolveDone!: () => void;
  private started = 0;
  private finished = 0;
  private retries = 0;
  /** A defect met while walking (never a probe outcome: those are checks). */
  failure: unknown;

  constructor(
    private readonly probe: ProbeFn,
    private readonly opts: WalkOptions = {},
  ) {
    this.done = new Promise((r) => (this.resolveDone = r));
    this.root = this.spawn([], () =>
      this.probeThen('root', { path: [], leaf: false }, (r) => {
        const check = this.check('root', 'root', 'AdminServer', 'AdminInfra', r);
        if (!r.payload) return { check, findings: [], retries: r.retries, opaque: [], children: [] };
        const root = r.payload;
        const rootSys = new RefSet('Root' in root.properties ? root.properties.Root.system_children : []);
        const hosts = root.children.filter((h) => !rootSys.has(h));
        return { check, findings: findingsOf(check, root), retries: r.retries, opaque: unknownRefs(root), children: hosts.map((h, i) => this.host(h, [i])) };
      }),
    );
  }

  /** How far the walk is: probes started, finished, and 503 retries so far. */
  progress(): { started: number; finished: number; retries: number } {
    return { started: this.started, finished: this.finished, retries: this.retries };
  }

  private check(label: string, reference: string, note: Note | null, phase: Phase, r: ProbeResult): Check {
    return { label, reference, note, phase, outcome: r.outcome };
  }

  /** Probe a reference; its slot is handed back once `then` has queued the children it names. */
  private async probeThen<T>(ref: string, key: WalkKey, then: (r: ProbeResult) => T): Promise<T> {
    const r = await this.probe(ref, key);
    try {
      return then(r);
    } finally {
      r.release();
    }
  }

  private spawn(path: number[], run: () => Promise<WalkEntry & { children: Slot[] }>): Slot {
    const slot: Slot = { path, children: [], settled: Promise.resolve() };
    this.started++;
    const p = run().then(
      (r) => {
        slot.entry = { check: r.check, findings: r.findings, retries: r.retries, opaque: r.opaque };
        slot.children = r.children;
        this.retries += r.retries;
      },
      (e) => {
        if (!(e instanceof ProbeAbandoned)) this.failure ??= e;
      },
    );
    slot.settled = p.finally(() => {
      this.finished++;
      this.pending.delete(slot.settled);
      if (this.pending.size === 0) this.resolveDone();
    });
    this.pending.add(slot.settled);
    return slot;
  }

  private host(ref: string, path: number[]): Slot {
    return this.spawn(path, () =>
      this.probeThen(ref, { path, leaf: false }, (r) => {
        const host = r.payload;
        const check = this.check(host ? labelFromPayload(ref, host) : ref, ref, 'HostAgent', 'AdminInfra', r);
        if (!host) return { check, findings: [], retries: r.retries, opaque: [], children: [] };
        const hostSys = new RefSet('Host' in host.properties ? host.properties.Host.system_children : []);
        const inSys = host.children.map((p) => hostSys.has(p));
        const passA = host.children.filter((_, i) => inSys[i]);
        const passB = host.children.filter((_, i) => !inSys[i]);
        const children = [...passA.map((p, i) => this.adminProc(p, [...path, i])), ...passB.map((p, i) => this.meshProc(p, [...path, passA.length + i]))];
        return { check, findings: findingsOf(check, host), retries: r.retries, opaque: unknownRefs(host), children };
      }),
    );
  }

  /** Pass A: a system proc of the host and all of its children, tagged AdminInfra. */
  private adminProc(ref: string, path: number[]): Slot {
    return this.spawn(path, () =>
      this.probeThen(ref, { path, leaf: false }, (r) => {
        const proc = r.payload;
        const note = proc && 'Proc' in proc.properties ? procRole(proc.properties.Proc.proc_name) : null;
        const check = this.check(proc ? labelFromPayload(ref, proc) : ref, ref, note, 'AdminInfra', r);
        if (!proc) return { check, findings: [], retries: r.retries, opaque: [], children: [] };
        const children = proc.children.map((a, i) => this.actor(a, [...path, i], 'AdminInfra', adminActorRole(a), compactUid(a)));
        return { check, findings: findingsOf(check, proc), retries: r.retries, opaque: unknownRefs(proc), children };
      }),
    );
  }

  /** Pass B: a user proc, its system actors and its first (or every) other child, tagged Mesh. */
  private meshProc(ref: string, path: number[]): Slot {
    return this.spawn(path, () =>
      this.probeThen(ref, { path, leaf: false }, (r) => {
        const proc = r.payload;
        const check = this.check(proc ? labelFromPayload(ref, proc) : ref, ref, 'UserProc', 'Mesh', r);
        if (!proc) return { check, findings: [], retries: r.retries, opaque: [], children: [] };
        const procSys = new RefSet('Proc' in proc.properties ? proc.properties.Proc.system_children : []);
        const inSys = proc.children.map((a) => procSys.has(a));
        const system = proc.children.filter((_, i) => inSys[i]);
        const others = proc.children.filter((_, i) => !inSys[i]);
        const users = this.opts.allActors ? others : others.slice(0, 1);
        const children = [
          ...system.map((a, i) => this.actor(a, [...path, i], 'Mesh', meshActorRole(a), a)),
          ...users.map((a, i) => this.actor(a, [...path, system.length + i], 'Mesh', 'UserActor', a)),
        ];
        return { check, findings: findingsOf(check, proc), retries: r.retries, opaque: unknownRefs(proc), children };
      }),
    );
  }

  private actor(ref: string, path: number[], phase: Phase, note: Note | null, failureLabel: string): Slot {
    return this.spawn(path, () =>
      this.probeThen(ref, { path, leaf: true }, (r) => {
        const a = r.payload;
        const check = this.check(`  ${a ? labelFromPayload(ref, a) : failureLabel}`, ref, note, phase, r);
        return { check, findings: a ? findingsOf(check, a) : [], retries: r.retries, opaque: a ? unknownRefs(a) : [], children: [] };
      }),
    );
  }

  /** Every finished check so far, in walk order (in-flight and unvisited nodes have no entry). */
  snapshot(): WalkEntry[] {
    const out: WalkEntry[] = [];
    const visit = (s: Slot) => {
      if (!s.entry) return;
      out.push(s.entry);
      for (const c of s.children) visit(c);
    };
    visit(this.root);
    return out;
  }

  /**
   * The checks in walk order as they become known: each one once it and everything before it in
   * walk order has finished. Stops at the first probe that was abandoned.
   */
  async *stream(): AsyncGenerator<WalkEntry> {
    const stack: Slot[] = [this.root];
    while (stack.length > 0) {
      const s = stack.pop()!;
      await s.settled;
      if (!s.entry) return;
      yield s.entry;
      for (let i = s.children.length - 1; i >= 0; i--) stack.push(s.children[i]);
    }
  }
}
