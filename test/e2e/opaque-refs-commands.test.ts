/**
 * Every admin command against references in forms meshscope does not know (the opaque-refs
 * scenario): `mesh walk`, `mesh tree`, `mesh get`, `mesh config`, `pyspy dump | store | flamegraph`
 * send each reference exactly as given and never refuse one for its form; what the server answers
 * decides the exit code (400 bad_request → 2, 404 not_found → 3).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/mock/scenario.js';
import { World, type ActorRec, type HostRec, type ProcRec } from '../../src/mock/admin/world.js';
import type { MockHandle } from '../../src/mock/server.js';
import { runCli, startTestMock, tmp } from '../helpers.js';

let mock: MockHandle;
let w: World;
let opaque: HostRec;
let legacy: HostRec;
/** A user proc of the opaque host, and its first user actor. */
let proc: ProcRec;
let actor: ActorRec;

const cli = (...args: string[]) => runCli([...args, '--addr', mock.urls.admin, '--plaintext'], { timeoutMs: 60_000 });

beforeAll(async () => {
  mock = await startTestMock({ scenario: 'opaque-refs' });
  const sc = loadScenario('opaque-refs');
  w = new World(sc.admin, { seed: sc.seed, clock: { now: () => Date.now() }, env: {} });
  opaque = w.hosts.find((h) => h.form === 'opaque')!;
  legacy = w.hosts.find((h) => h.form === 'legacy')!;
  proc = opaque.procs.find((p) => p.role === 'user' && /[/?#%&]/.test(p.name))!;
  actor = proc.actors.find((a) => a.role === 'user')!;
}, 30_000);

afterAll(async () => {
  await mock?.close();
});

describe('browsing references in any form', () => {
  it('the references under test carry what breaks a grammar (uids outside base58, /, ?, #, %, &)', () => {
    expect(proc.ref).toMatch(/^ckpt\/writer\?v=2#50%&more<[0OIl][^>]*>@tcp:\/\/10\.0\.0\.1:\d+$/);
    expect(actor.ref.startsWith(`pyspy_worker<`)).toBe(true);
  });

  it('mesh walk: every node once, each reference byte for byte', async () => {
    const r = await cli('mesh', 'walk', '-o', 'name');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n').slice(0, -1);
    expect(lines.sort()).toEqual([...w.refs()].sort());
  });

  it('mesh tree: hosts by address, procs by name, actors by compact uid whatever the form', async () => {
    const r = await cli('mesh', 'tree');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    for (const h of w.hosts) expect(r.stdout).toContain(`${h.addr}  (4 procs)`);
    expect(r.stdout).toContain(`ckpt/writer?v=2#50%&more  (9 actors: 2 system, 6 user, 1 stopped)`);
    expect(r.stdout).toContain(`─ ${actor.uid}\n`);
    expect(r.stdout).toContain(`─ ${legacy.procs.find((p) => p.role === 'user')!.actors.find((a) => a.role === 'user')!.uid}\n`);
    expect(r.stdout).not.toMatch(/unreadable|gone/);
  });

  it('mesh get: the node of an opaque reference, exactly as named', async () => {
    const r = await cli('mesh', 'get', actor.ref, '-o', 'json');
    expect(r.code).toBe(0);
    const node = JSON.parse(r.stdout);
    expect(node.identity).toBe(actor.ref);
    expect(node.parent).toBe(proc.ref);
    const text = await cli('mesh', 'get', proc.ref);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`reference:         ${proc.ref}\n`);
  });

  it('mesh config: an opaque proc answers; an actor is the server\'s bad_request (exit 2); a gone proc is not_found (exit 3)', async () => {
    const ok = await cli('mesh', 'config', proc.ref, '-o', 'json');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).entries.length).toBeGreaterThan(0);
    const bad = await cli('mesh', 'config', actor.ref);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('(bad_request)');
    const gone = await cli('mesh', 'config', `gone<0a0B>@tcp://10.0.0.1:1`);
    expect(gone.code).toBe(3);
    expect(gone.stderr).toContain('(not_found)');
  });
});

describe('py-spy on references in any form', () => {
  it('pyspy dump of an opaque proc, of its actor (through its parent), of a legacy proc', async () => {
    const r = await cli('pyspy', 'dump', proc.ref);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Process ${proc.pid}: ${proc.ref}\n`);
    const viaActor = await cli('pyspy', 'dump', actor.ref, '-o', 'json');
    expect(viaActor.code).toBe(0);
    expect(viaActor.stderr).toContain(`${actor.ref} is an actor: dumping its proc ${proc.ref}`);
    expect(JSON.parse(viaActor.stdout).Ok.pid).toBe(proc.pid);
    const legacyProc = legacy.procs.find((p) => p.role === 'user')!;
    const l = await cli('pyspy', 'dump', legacyProc.ref, '-o', 'json');
    expect(l.code).toBe(0);
    expect(JSON.parse(l.stdout).Ok.pid).toBe(legacyProc.pid);
  });

  it('pyspy store and pyspy flamegraph of an opaque proc', async () => {
    const store = await cli('pyspy', 'store', proc.ref, '-o', 'json');
    expect(store.code).toBe(0);
    expect(JSON.parse(store.stdout).dump_id).toMatch(/^[0-9a-f-]{36}$/);
    const out = join(tmp('opaque-fg'), 'profile.svg');
    const fg = await cli('pyspy', 'flamegraph', actor.ref, '--duration', '1', '--out', out);
    expect(fg.code).toBe(0);
    expect(existsSync(out)).toBe(true);
    expect(readFileSync(out, 'utf8')).toMatch(/<svg[\s>]/);
  });

  it('a reference the server does not know is its not_found (exit 3), whatever its form', async () => {
    for (const ref of ['gone<0a0B>.x y@tcp://10.0.0.1:1', 'nonexistent ref #?&%']) {
      const r = await cli('pyspy', 'dump', ref);
      expect(r.code).toBe(3);
      expect(r.stderr).toContain('(not_found)');
    }
  });
});
