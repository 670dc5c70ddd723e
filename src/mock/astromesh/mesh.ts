/**
 * The gossip mesh as this daemon sees it (astromesh/mesh/state.py, manager.py, leader.py):
 * NodeState and ClusterState shapes, heartbeats that keep peers alive, failure and dead
 * timeouts that make silent peers suspect and then dead, push-pull gossip merges (newer
 * last_heartbeat wins) and bully leader election (the highest alive node id wins).
 */
import type { Clock } from '../types.js';
import type { Rng } from '../rng.js';
import type { AstromeshSection } from './scenario.js';
import { uuid } from './tools.js';

export interface NodeLoad {
  cpu_percent: number;
  memory_percent: number;
  active_requests: number;
}

export interface NodeState {
  node_id: string;
  name: string;
  url: string;
  services: string[];
  agents: string[];
  load: NodeLoad;
  leader: boolean;
  joined_at: number;
  last_heartbeat: number;
  status: string;
}

/** from_dict of the daemon: these keys are required (a KeyError, i.e. a plain-text 500, otherwise). */
export const REQUIRED_NODE_KEYS = ['node_id', 'name', 'url', 'joined_at', 'last_heartbeat'] as const;

export class MissingKey extends Error {
  constructor(readonly key: string) {
    super(`'${key}'`);
  }
}

export function nodeFromDict(d: Record<string, unknown>): NodeState {
  for (const k of REQUIRED_NODE_KEYS) if (!(k in d)) throw new MissingKey(k);
  const load = (d.load && typeof d.load === 'object' ? d.load : {}) as Record<string, unknown>;
  return {
    node_id: String(d.node_id),
    name: String(d.name),
    url: String(d.url),
    services: Array.isArray(d.services) ? d.services.map(String) : [],
    agents: Array.isArray(d.agents) ? d.agents.map(String) : [],
    load: { cpu_percent: Number(load.cpu_percent ?? 0), memory_percent: Number(load.memory_percent ?? 0), active_requests: Number(load.active_requests ?? 0) },
    leader: d.leader === true,
    joined_at: Number(d.joined_at),
    last_heartbeat: Number(d.last_heartbeat),
    status: typeof d.status === 'string' ? d.status : 'alive',
  };
}

interface Peer {
  node_id: string;
  /** Simulated seconds (epoch) after which it stops heartbeating; undefined: never. */
  silentFrom?: number;
  phase: number;
}

const SERVICES = ['api', 'agents', 'inference', 'memory', 'tools', 'rag', 'observability'];

export class MeshSim {
  readonly nodes = new Map<string, NodeState>();
  readonly selfId: string;
  leaderId: string | null = null;
  version = 0;
  private readonly peers = new Map<string, Peer>();
  private readonly cfg: AstromeshSection['mesh'];

  constructor(
    section: AstromeshSection,
    private readonly clock: Clock,
    rng: Rng,
    private readonly selfUrl: () => string,
  ) {
    this.cfg = section.mesh;
    const now = clock.now() / 1000;
    const agents = section.agents.filter((a) => a.status === 'deployed').map((a) => a.name);
    this.selfId = uuid(rng);
    this.add({
      node_id: this.selfId,
      name: this.cfg.node_name,
      url: selfUrl(),
      services: SERVICES,
      agents,
      load: { cpu_percent: 12.5, memory_percent: 41.2, active_requests: 0 },
      leader: false,
      joined_at: now - 3600,
      last_heartbeat: now,
      status: 'alive',
    });
    for (let i = 1; i <= this.cfg.peers; i++) {
      const id = uuid(rng);
      const name = `astromesh-${i}`;
      const stalled = this.cfg.stalled.find((s) => s.peer === i || s.peer === name);
      const silentFrom = stalled ? (stalled.after_s === 0 ? now - this.cfg.failure_timeout_s - 1 : now + stalled.after_s) : undefined;
      const phase = rng.next() * this.cfg.heartbeat_interval_s;
      this.peers.set(id, { node_id: id, silentFrom, phase });
      this.add({
        node_id: id,
        name,
        url: `http://10.0.1.${10 + i}:8000`,
        services: SERVICES.filter((_, k) => k < 2 || rng.chance(0.6)),
        agents: agents.filter(() => rng.chance(0.6)),
        load: { cpu_percent: Math.round(rng.next() * 700) / 10, memory_percent: Math.round((20 + rng.next() * 60) * 10) / 10, active_requests: rng.int(0, 12) },
        leader: false,
        joined_at: now - 3600 + i * 60,
        last_heartbeat: silentFrom !== undefined && silentFrom < now ? silentFrom : now,
        status: 'alive',
      });
    }
    this.tick();
    this.elect();
  }

  private add(n: NodeState): void {
    this.nodes.set(n.node_id, n);
    this.version++;
  }

  /** Move the simulation to the clock's now: heartbeats arrive from live peers, silent ones time out. */
  tick(): void {
    const now = this.clock.now() / 1000;
    const self = this.nodes.get(this.selfId);
    if (self) {
      self.url = this.selfUrl(); // known once the server listens
      self.last_heartbeat = now;
      self.load.cpu_percent = Math.round((10 + 8 * Math.sin(now / 30)) * 10) / 10;
    }
    for (const [id, p] of this.peers) {
      const n = this.nodes.get(id);
      if (!n) continue;
      const limit = p.silentFrom !== undefined ? Math.min(now, p.silentFrom) : now;
      const interval = this.cfg.heartbeat_interval_s;
      const beat = Math.floor((limit - p.phase) / interval) * interval + p.phase;
      if (beat > n.last_heartbeat) {
        // a heartbeat reached us through gossip: a merge, the peer is alive again
        n.last_heartbeat = beat;
        n.status = 'alive';
        this.version++;
      }
    }
    let leaderLost = false;
    for (const n of this.nodes.values()) {
      if (n.node_id === this.selfId) continue;
      const elapsed = now - n.last_heartbeat;
      if (elapsed > this.cfg.dead_timeout_s && n.status !== 'dead') n.status = 'dead';
      else if (elapsed > this.cfg.failure_timeout_s && n.status === 'alive') n.status = 'suspect';
      if (n.node_id === this.leaderId && n.status !== 'alive') leaderLost = true;
    }
    if (leaderLost) this.elect();
  }

  /** Bully election: the highest alive node id wins. */
  elect(): string | null {
    const alive = [...this.nodes.values()].filter((n) => n.status === 'alive');
    const winner = alive.length ? alive.reduce((a, b) => (b.node_id > a.node_id ? b : a)) : undefined;
    this.leaderId = winner?.node_id ?? null;
    for (const n of this.nodes.values()) n.leader = n.node_id === this.leaderId;
    return this.leaderId;
  }

  state(): { nodes: NodeState[]; leader_id: string | null; version: number } {
    this.tick();
    return { nodes: [...this.nodes.values()].map((n) => ({ ...n, load: { ...n.load } })), leader_id: this.leaderId, version: this.version };
  }

  /** A node announced itself (join) or sent its heartbeat: its state replaces ours. */
  update(n: NodeState): void {
    this.tick();
    this.peers.delete(n.node_id); // now driven by what the client sends
    this.nodes.set(n.node_id, n);
    this.version++;
    if (this.leaderId) {
      const leader = this.nodes.get(this.leaderId);
      if (leader) leader.leader = true;
    }
  }

  join(n: NodeState): void {
    this.update(n);
    this.elect();
  }

  leave(nodeId: string): void {
    this.tick();
    this.nodes.delete(nodeId);
    this.peers.delete(nodeId);
    this.version++;
    if (nodeId === this.leaderId) this.elect();
  }

  /** Push-pull: keep whichever copy has the newer heartbeat; answer with our whole view. */
  merge(incoming: NodeState[]): NodeState[] {
    this.tick();
    for (const n of incoming) {
      const existing = this.nodes.get(n.node_id);
      if (!existing || n.last_heartbeat > existing.last_heartbeat) {
        this.peers.delete(n.node_id);
        this.nodes.set(n.node_id, n);
        this.version++;
      }
    }
    return this.state().nodes;
  }

  summary(): { enabled: true; node_id: string; node_name: string; leader: string | null; cluster_size: number; status: string } {
    this.tick();
    const leader = this.leaderId ? this.nodes.get(this.leaderId) : undefined;
    return { enabled: true, node_id: this.selfId, node_name: this.cfg.node_name, leader: leader?.name ?? this.leaderId, cluster_size: this.nodes.size, status: this.nodes.has(this.selfId) ? 'alive' : 'left' };
  }
}
