import { describe, it, expect } from 'vitest';
import { encodeStrict, renderTree } from '../../src/mock/admin/tree.js';
import { testWorld } from '../contract/admin-helpers.js';

const BASE = 'http://mesh.example:1729';
const LINE = /^(?<prefix>(?:│   |    )*(?:├── |└── )?)(?<label>.+?)  ->  (?<url>\S+)$/;

describe('admin /v1/tree text', () => {
  it('prints host, proc and actor lines in the real format, one block per host', () => {
    const { world, clock } = testWorld({ hosts: 2, procs_per_host: 2, actors_per_proc: 2 });
    const text = renderTree(world, { base: BASE, t: clock.t, unreachable: () => false });
    const blocks = text.split('\n\n');
    expect(blocks.length).toBe(3); // two hosts, then the empty tail after the last blank line
    expect(blocks[2]).toBe('');
    const lines = blocks[0].split('\n');
    const host = world.hosts[0];
    expect(lines[0]).toBe(`${host.addr}  ->  ${BASE}/v1/${encodeStrict(host.ref)}`);
    expect(lines[0]).toMatch(/^tcp:10\.0\.0\.1:26600  ->  http:\/\/mesh\.example:1729\/v1\/host%3Ahost_agent\.service%40tcp%3A%2F%2F10\.0\.0\.1%3A26600$/);
    expect(lines[1]).toBe(`├── service  ->  ${BASE}/v1/${encodeStrict(host.procs[0].ref)}`);
    expect(lines[2]).toMatch(/^│   ├── host_agent\[host_agent\]  ->  /);
    expect(lines[3]).toMatch(/^│   ├── mesh_admin\[mesh_admin<[1-9A-Za-z]{12}>\]  ->  /);
    expect(lines[4]).toMatch(/^│   └── mesh_admin_bridge\[mesh_admin_bridge\]  ->  /);
    expect(lines[5]).toMatch(/^├── local  ->  /);
    const last = host.procs[host.procs.length - 1];
    const lastIdx = lines.findIndex((l) => l.startsWith(`└── ${last.display}  ->  `));
    expect(lastIdx).toBeGreaterThan(5);
    expect(lines.slice(lastIdx + 1).every((l) => l.startsWith('    '))).toBe(true);
    expect(lines[lastIdx + 1]).toMatch(/^    ├── proc_agent\[proc_agent\]  ->  /);
    expect(lines[lines.length - 1]).toMatch(/^    └── /);
    for (const l of lines) {
      const m = LINE.exec(l);
      expect(m, l).not.toBeNull();
      const ref = decodeURIComponent(m!.groups!.url.slice(`${BASE}/v1/`.length));
      expect(world.has(ref)).toBe(true);
      expect(m!.groups!.url).not.toMatch(/[!'()*]/);
    }
  });

  it('prints the uid of unlabelled actors with a ? label', () => {
    const { world, clock } = testWorld({ hosts: 1, procs_per_host: 1, actors_per_proc: 1, child_actors: 1 });
    const text = renderTree(world, { base: BASE, t: clock.t, unreachable: () => false });
    expect(text).toMatch(/\n    └── \?\[<[1-9A-Za-z]{12}>\]  ->  /);
  });

  it('prints nodes that do not resolve as `{ref} (unreachable)`', () => {
    const { world, clock } = testWorld({ hosts: 2, procs_per_host: 1, actors_per_proc: 2, missing: [{ host: 0, proc: 0, actor: 1 }] });
    const hungHost = world.hosts[1].ref;
    const gone = world.select({ host: 0, proc: 0, actor: 1 }).ref;
    const text = renderTree(world, { base: BASE, t: clock.t, unreachable: (r) => r === hungHost });
    expect(text).toContain(`\n    └── ${gone} (unreachable)\n`);
    expect(text.endsWith(`${hungHost} (unreachable)\n\n`)).toBe(true);
  });

  it('handles the legacy comma form', () => {
    const { world, clock } = testWorld({ legacy_refs: true, transport: 'ipc', hosts: 1, procs_per_host: 1, actors_per_proc: 1 });
    const text = renderTree(world, { base: BASE, t: clock.t, unreachable: () => false });
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^unix:@[1-9A-Za-z]+  ->  /);
    expect(lines).toContainEqual(expect.stringMatching(/^    ├── proc_agent\[proc_agent\[0\]\]  ->  /));
  });
});
