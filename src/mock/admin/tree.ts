/**
 * The `/v1/tree` text of the admin mock, in the real server's format:
 *
 *   tcp:10.0.0.1:26600  ->  http://host:1729/v1/host%3Ahost_agent.service%40tcp%3A%2F%2F...
 *   ├── service  ->  http://host:1729/v1/service%40tcp...
 *   │   ├── host_agent[host_agent]  ->  ...
 *   │   └── mesh_admin[mesh_admin<...>]  ->  ...
 *   └── philosophers<...>  ->  ...
 *       └── philosopher[philosopher<...>]  ->  ...
 *   (a blank line after each root child)
 *
 * Host lines show the host's addr, proc lines the ProcId, actor lines `{label}[{uid}]`; a node that
 * does not resolve prints as `{ref} (unreachable)`.
 */
import type { World } from './world.js';

/** Percent-encode every byte except A–Z a–z 0–9 - _ . ~ (uppercase hex), as the server does. */
export function encodeStrict(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export interface TreeOptions {
  /** scheme://host[:port] of the request. */
  base: string;
  /** Simulated time of the dump. */
  t: number;
  /** Whether a node does not resolve (it prints as unreachable). */
  unreachable(ref: string): boolean;
}

export function renderTree(world: World, opts: TreeOptions): string {
  const link = (ref: string) => `${opts.base}/v1/${encodeStrict(ref)}`;
  const out: string[] = [];
  const root = world.resolve('root', opts.t)!;
  for (const hostRef of root.children) {
    const host = opts.unreachable(hostRef) ? undefined : world.resolve(hostRef, opts.t);
    if (!host || !('Host' in host.properties)) {
      out.push(`${hostRef} (unreachable)`, '');
      continue;
    }
    out.push(`${host.properties.Host.addr}  ->  ${link(hostRef)}`);
    host.children.forEach((procRef, pi) => {
      const lastProc = pi === host.children.length - 1;
      const branch = lastProc ? '└── ' : '├── ';
      const indent = lastProc ? '    ' : '│   ';
      const rec = world.node(procRef);
      const proc = opts.unreachable(procRef) ? undefined : world.resolve(procRef, opts.t);
      if (!proc || !rec || rec.kind !== 'proc') {
        out.push(`${branch}${procRef} (unreachable)`);
        return;
      }
      out.push(`${branch}${rec.display}  ->  ${link(procRef)}`);
      proc.children.forEach((actorRef, ai) => {
        const actorBranch = ai === proc.children.length - 1 ? '└── ' : '├── ';
        const a = world.node(actorRef);
        if (!a || a.kind !== 'actor' || opts.unreachable(actorRef) || !world.has(actorRef)) {
          out.push(`${indent}${actorBranch}${actorRef} (unreachable)`);
          return;
        }
        out.push(`${indent}${actorBranch}${a.name}[${a.uid}]  ->  ${link(actorRef)}`);
      });
    });
    out.push('');
  }
  return out.length ? `${out.join('\n')}\n` : '';
}
