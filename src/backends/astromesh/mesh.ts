/** Helpers for the daemon's gossip mesh: finding a node by id or name, building NodeState bodies. */
import { MeshError } from '../../errors.js';
import type { ClusterState, NodeState } from './models.js';

/** A node by exact id, exact name, or unique id prefix. */
export function findNode(state: ClusterState, ref: string): NodeState {
  const exact = state.nodes.find((n) => n.node_id === ref) ?? state.nodes.find((n) => n.name === ref);
  if (exact) return exact;
  const byPrefix = state.nodes.filter((n) => n.node_id.startsWith(ref));
  if (byPrefix.length === 1 && ref.length >= 4) return byPrefix[0];
  const known = state.nodes.map((n) => n.name ?? n.node_id).join(', ');
  if (byPrefix.length > 1) throw new MeshError({ kind: 'usage', code: 'ambiguous_node', backend: 'astromesh', message: `"${ref}" matches ${byPrefix.length} nodes`, hint: 'give the whole node id or the node name' });
  throw new MeshError({ kind: 'not_found', code: 'node_not_found', backend: 'astromesh', message: `no node "${ref}" in this daemon's mesh view`, hint: known ? `known nodes: ${known} (see \`meshscope astro-mesh state\`)` : 'the mesh view is empty' });
}

/** Seconds since the epoch, as the daemon's NodeState carries them. */
export function epochSeconds(ms = Date.now()): number {
  return Math.round(ms) / 1000;
}

export interface NewNode {
  node_id: string;
  name?: string;
  url: string;
  services?: string[];
  agents?: string[];
  now?: number;
}

/** A complete NodeState for join (the daemon requires node_id, name, url, joined_at, last_heartbeat). */
export function newNodeState(n: NewNode): NodeState {
  const now = n.now ?? epochSeconds();
  return {
    node_id: n.node_id,
    name: n.name ?? n.node_id,
    url: n.url,
    services: n.services ?? [],
    agents: n.agents ?? [],
    load: { cpu_percent: 0, memory_percent: 0, active_requests: 0 },
    leader: false,
    joined_at: now,
    last_heartbeat: now,
    status: 'alive',
  };
}

/** The node's own state as it would send it in a heartbeat: alive, heartbeat now, load updated. */
export function heartbeatState(node: NodeState, load: { cpu_percent?: number; memory_percent?: number; active_requests?: number } = {}, now = epochSeconds()): NodeState {
  const base = newNodeState({ node_id: node.node_id, name: node.name, url: node.url ?? node.address ?? '', services: node.services, agents: node.agents, now });
  return {
    ...node,
    ...base,
    leader: node.leader ?? false,
    joined_at: node.joined_at ?? now,
    load: { ...base.load, ...node.load, ...Object.fromEntries(Object.entries(load).filter(([, v]) => v !== undefined)) },
  };
}

/** Nodes for a gossip exchange from a file's JSON: a list, or {"nodes": [...]} (or the document's {"state": [...]}). */
export function gossipNodes(data: unknown): unknown[] {
  if (Array.isArray(data)) return data;
  if (data && typeof data === 'object') {
    const o = data as Record<string, unknown>;
    if (Array.isArray(o.nodes)) return o.nodes;
    if (Array.isArray(o.state)) return o.state;
  }
  throw new MeshError({ kind: 'usage', code: 'bad_nodes_file', message: 'the nodes file must hold a JSON list of node states or an object with a "nodes" list', hint: 'e.g. save the output of `meshscope astro-mesh state -o json` and edit it' });
}
