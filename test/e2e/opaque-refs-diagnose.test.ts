/**
 * `meshscope diagnose` against a healthy mesh whose references are in forms meshscope does not know
 * (the opaque-refs scenario: an opaque host, a legacy host, a current one): exit 0, the reference
 * TUI's walk over every node whatever its form, labels by the TUI's recipes where the grammar is
 * known and by the string recipe elsewhere, and one finding saying references were treated as
 * opaque, in every format and never a reason to fail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/mock/scenario.js';
import { World, type ActorRec, type NodeRec } from '../../src/mock/admin/world.js';
import type { MockHandle } from '../../src/mock/server.js';
import type { Check } from '../../src/diagnose/types.js';
import { runCli, startTestMock } from '../helpers.js';


let mock: MockHandle;
let w: World;

beforeAll(async () => {
  mock = await startTestMock({ scenario: 'opaque-refs' });
  const sc = loadScenario('opaque-refs');
  w = new World(sc.admin, { seed: sc.seed, clock: { now: () => Date.now() }, env: {} });
}, 30_000);

afterAll(async () => {
  await mock?.close();
});

/** Deterministic in any machine's speed: nothing is Slow, and only a 504 from the server could be a Fail. */
const FLAGS = ['--slow-ms', '60000', '--probe-timeout', '30s'];

const node = (ref: string): NodeRec => {
  const n = w.node(ref);
  if (!n) throw new Error(`not in the world: ${ref}`);
  return n;
};

/**
 * The walk the reference TUI would make over this world if it could read every form, with the
 * label and note each check must have: hosts by addr, procs by proc_name, actors by their compact
 * uid (the world knows it: `trainer<0a0B…>`, `host_agent`, legacy `pyspy_worker[0]`).
 */
function expectedChecks(): Array<[string, string, string | null, string]> {
  const out: Array<[string, string, string | null, string]> = [['root', 'root', 'AdminServer', 'AdminInfra']];
  for (const h of w.hosts) {
    out.push([h.addr, h.ref, 'HostAgent', 'AdminInfra']);
    // host system_children are empty (LC-2): every proc is Pass B
    for (const p of h.procs) {
      out.push([p.name, p.ref, 'UserProc', 'Mesh']);
      const payload = w.resolve(p.ref)!;
      const sys = new Set('Proc' in payload.properties ? payload.properties.Proc.system_children : []);
      for (const a of payload.children.filter((c) => sys.has(c))) {
        const rec = node(a) as ActorRec;
        out.push([`  ${rec.uid}`, a, rec.name === 'cast' ? 'CastActor' : rec.name === 'proc_agent' ? 'ProcAgent' : null, 'Mesh']);
      }
      const user = payload.children.find((c) => !sys.has(c));
      if (user) out.push([`  ${(node(user) as ActorRec).uid}`, user, 'UserActor', 'Mesh']);
    }
  }
  return out;
}

/** The references only the opaque host and the out-of-grammar labels of the current host carry. */
function expectedUnknown(): string[] {
  const unknown = new Set<string>();
  for (const h of w.hosts) {
    if (h.form === 'legacy') continue;
    for (const ref of [h.ref, ...h.procs.flatMap((p) => [p.ref, ...p.actors.map((a) => a.ref), ...p.stopped.map((a) => a.ref)])]) {
      const n = node(ref);
      if (h.form === 'opaque' || (n.kind === 'actor' && n.role !== 'child' && !/^[a-z](?:[a-z0-9_-]*[a-z0-9])?$/.test(n.name))) unknown.add(ref);
    }
  }
  return [...unknown];
}

describe('diagnose over references in forms meshscope does not know', () => {
  it('the scenario mixes an opaque, a legacy and a current host', () => {
    expect(w.hosts.map((h) => h.form)).toEqual(['opaque', 'legacy', 'current']);
    const refs = [...w.refs()];
    // uids outside base58, labels with spaces, unicode, %, #, ?, &, /; legacy comma forms
    for (const re of [/<[^>]*[0OIl][^>]*>\./, / /, /[^\x00-\x7f]/, /%/, /#/, /\?/, /&/, /\//, /^tcp:10\.0\.0\.2:\d+,/]) expect(refs.some((r) => re.test(r))).toBe(true);
  });

  it('--format json: healthy (exit 0), every node walked, labels and notes by the recipes, one opaque finding', async () => {
    const r = await runCli(['diagnose', '--addr', mock.urls.admin, '--format', 'json', ...FLAGS], { timeoutMs: 60_000 });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { checks: Check[]; summary: { healthy: boolean; failed: number; total: number }; timed_out: boolean; findings: Array<Record<string, unknown>> };
    expect(report.checks.filter((c) => 'Fail' in c.outcome)).toEqual([]);
    expect(report.summary).toMatchObject({ healthy: true, failed: 0 });
    expect(report.checks.map((c) => [c.label, c.reference, c.note, c.phase])).toEqual(expectedChecks());
    // a healthy mesh has no other finding
    const unknown = expectedUnknown();
    expect(report.findings).toEqual([
      {
        count: unknown.length,
        first: w.hosts[0].ref,
        kind: 'opaque_references',
        message: `${unknown.length} references in a form meshscope does not know were treated as opaque; the server's reference grammar may have changed`,
        reference: w.hosts[0].ref,
      },
    ]);
  }, 60_000);

  it('--diagnose keeps the reference contract: the JSON on stdout, nothing on stderr, exit 0', async () => {
    const r = await runCli(['--addr', mock.urls.admin, '--plaintext', '--diagnose', ...FLAGS], { timeoutMs: 60_000 });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.summary.healthy).toBe(true);
    expect(report.findings.map((f: { kind: string }) => f.kind)).toEqual(['opaque_references']);
  }, 60_000);

  it('--strict: the finding is shown in every format and the run stays healthy (exit 0)', async () => {
    const n = expectedUnknown().length;
    const line = `${n} references in a form meshscope does not know were treated as opaque; the server's reference grammar may have changed`;
    const runs = await Promise.all(
      ['text', 'junit', 'github', 'markdown'].map((format) => runCli(['diagnose', '--addr', mock.urls.admin, '--strict', '--format', format, ...FLAGS], { timeoutMs: 60_000 })),
    );
    for (const r of runs) expect(r.code).toBe(0);
    const [text, junit, github, markdown] = runs.map((r) => r.stdout);
    expect(junit).toContain(`<system-out>${line.replace("'", '&apos;')} (the first: ${w.hosts[0].ref.replace('<', '&lt;').replace('>', '&gt;')})</system-out>`);
    expect(markdown).toContain(`- ⚠️ ${line} (the first: `);
    expect(text).toContain(`Findings (1): what the payloads say\n ⚠ ${line} (the first: ${w.hosts[0].ref})\n`);
    expect(text).toMatch(/All \d+ checks passed\. Admin: healthy Mesh: healthy\./);
    expect(junit).toMatch(/<testsuites name="meshscope diagnose" tests="\d+" failures="0" errors="0"/);
    expect(github).toContain(`::warning title=diagnose finding%3A opaque_references::${line}`);
    expect(github).toContain('::notice title=mesh healthy::');
    expect(markdown).toContain('## Mesh diagnose: ✅ healthy');
  }, 60_000);
});
