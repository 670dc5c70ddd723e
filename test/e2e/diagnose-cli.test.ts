/**
 * `meshscope diagnose` end to end: the built CLI against the embedded mock (or a mock process),
 * checking exit codes, stdout and stderr for each behaviour the admin TUI's contract and the issue
 * promise. Scenario variants live in fixtures/diagnose/scenarios/.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MockHandle } from '../../src/mock/server.js';
import { BIN, cleanEnv, ESCAPE, ROOT, runCli, startTestMock, tmp } from '../helpers.js';

/** Elapsed times and the mock's free port masked (as the golden test does). */
function mask(report: unknown): unknown {
  if (Array.isArray(report)) return report.map(mask);
  if (report !== null && typeof report === 'object') {
    return Object.fromEntries(Object.entries(report as Record<string, unknown>).map(([k, v]) => [k, k === 'elapsed_ms' ? 0 : mask(v)]));
  }
  if (typeof report === 'string') return report.replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT');
  return report;
}

interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function unescapeXml(s: string, where: string): string {
  if (s.includes('<')) throw new Error(`raw < in ${where}`);
  return s.replace(/&([^;]*);?/g, (m, name: string) => {
    if (!m.endsWith(';')) throw new Error(`unterminated entity in ${where}`);
    if (name in ENTITIES) return ENTITIES[name];
    if (/^#\d+$/.test(name)) return String.fromCodePoint(Number(name.slice(1)));
    if (/^#x[0-9a-fA-F]+$/.test(name)) return String.fromCodePoint(parseInt(name.slice(2), 16));
    throw new Error(`unknown entity &${name}; in ${where}`);
  });
}

/** A strict parser of the XML subset JUnit reports use; throws on anything not well formed. */
function parseXml(text: string): XmlElement {
  let i = 0;
  const NAME = /[A-Za-z_][\w.:-]*/y;
  const ws = () => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  const name = () => {
    NAME.lastIndex = i;
    const m = NAME.exec(text);
    if (!m) throw new Error(`name expected at ${i}`);
    i += m[0].length;
    return m[0];
  };
  if (text.startsWith('<?xml')) {
    const end = text.indexOf('?>');
    if (end < 0) throw new Error('unterminated declaration');
    i = end + 2;
  }
  const element = (): XmlElement => {
    if (text[i] !== '<') throw new Error(`< expected at ${i}`);
    i++;
    const el: XmlElement = { name: name(), attrs: {}, children: [], text: '' };
    for (;;) {
      ws();
      if (text.startsWith('/>', i)) {
        i += 2;
        return el;
      }
      if (text[i] === '>') {
        i++;
        break;
      }
      const a = name();
      ws();
      if (text[i] !== '=') throw new Error(`= expected at ${i}`);
      i++;
      ws();
      const q = text[i];
      if (q !== '"' && q !== "'") throw new Error(`quote expected at ${i}`);
      const end = text.indexOf(q, i + 1);
      if (end < 0) throw new Error('unterminated attribute');
      if (a in el.attrs) throw new Error(`duplicate attribute ${a}`);
      el.attrs[a] = unescapeXml(text.slice(i + 1, end), `attribute ${a}`);
      i = end + 1;
    }
    for (;;) {
      const lt = text.indexOf('<', i);
      if (lt < 0) throw new Error(`unclosed <${el.name}>`);
      el.text += unescapeXml(text.slice(i, lt), `<${el.name}>`);
      i = lt;
      if (text.startsWith('</', i)) {
        i += 2;
        const close = name();
        if (close !== el.name) throw new Error(`</${close}> closes <${el.name}>`);
        ws();
        if (text[i] !== '>') throw new Error(`> expected at ${i}`);
        i++;
        return el;
      }
      el.children.push(element());
    }
  };
  ws();
  const root = element();
  ws();
  if (i !== text.length) throw new Error(`content after the root element at ${i}`);
  return root;
}

const SC = (name: string) => join(ROOT, 'fixtures', 'diagnose', 'scenarios', `${name}.yaml`);

interface Check {
  label: string;
  reference: string;
  note: string | null;
  phase: string;
  outcome: Record<string, { elapsed_ms: number; error?: string }>;
}

const kind = (c: Check) => Object.keys(c.outcome)[0];

/**
 * Pass or Slow is a matter of time, and a busy machine must not decide a test that expects Pass:
 * those runs raise the Slow threshold out of the way (the tests about Slow inject their latency).
 */
const NO_SLOW = ['--slow-ms', '60000'];
/**
 * A hung node must end as the server's 504 (after its resolve timeout, 3 s in the failing
 * scenario), never as the probe's own 5 s time-out: the probe budget leaves a busy machine ample
 * time to read the 504.
 */
const PATIENT = ['--probe-timeout', '30s'];

describe('meshscope diagnose against the embedded mock', () => {
  // Each run has a mock of its own and mostly waits on the mock's latency and hung nodes: those
  // runs go side by side (it.concurrent). The terminal one (spawnSync holds this process) and the
  // run-timeout one go alone.
  it('`diagnose --mock` prints the human report and exits 0 on a healthy mesh (piped: no escapes)', async () => {
    const r = await runCli(['diagnose', '--mock', ...NO_SLOW]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^ ✓ root \d+ms {2}— admin HTTP server — lists connected hosts$/m);
    expect(r.stdout).toMatch(/^ ✓ {3}proc_agent \d+ms {2}— proc agent — manages actor spawn and lifecycle on this proc$/m);
    expect(r.stdout).toMatch(/^All 27 checks passed\. Admin: healthy Mesh: healthy\.$/m);
    expect(r.stdout).not.toMatch(ESCAPE);
  });

  it.skipIf(!existsSync('/usr/bin/script'))('on a terminal the rows appear live, in walk order, with a spinner between them', () => {
    const r = spawnSync('/usr/bin/script', ['-qec', `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} diagnose --mock ${NO_SLOW.join(' ')}`, '/dev/null'], {
      env: { ...cleanEnv(), TERM: 'xterm-256color' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).toBe(0);
    const out = r.stdout;
    // a spinner (on stderr, the same terminal) counts the checks, and is cleared before each row
    expect(out).toMatch(/\r\x1b\[2K\S* 12 checks…\r\x1b\[2K \x1b\[32m✓\x1b\[39m /);
    expect(out.match(/\r\x1b\[2K/g)?.length ?? 0).toBeGreaterThan(20);
    const plain = out.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').replace(/\r/g, '\n');
    const rows = plain.split('\n').filter((l) => /^ [✓⚠✗] /.test(l));
    expect(rows).toHaveLength(27);
    expect(rows[0]).toMatch(/^ ✓ root /);
    expect(rows[1]).toMatch(/^ ✓ tcp:10\.0\.0\.1:26600 /);
    expect(plain).toMatch(/All 27 checks passed\. Admin: healthy Mesh: healthy\./);
    // on a terminal the marks and the summary are coloured
    expect(out).toContain(' \x1b[32m✓\x1b[39m root ');
    expect(out).toContain('\x1b[32mAll 27 checks passed. Admin: healthy Mesh: healthy.\x1b[39m');
  }, 70_000);

  it.concurrent('a deliberately slow node is Slow, a hung node is Fail `HTTP 504 Gateway Timeout` with its reference; exit 1', async () => {
    const r = await runCli(['diagnose', '--mock', '--scenario', SC('slow-node'), '--format', 'json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    const slow = report.checks.filter((c: Check) => kind(c) === 'Slow');
    expect(slow.map((c: Check) => c.label)).toContain('replica');
    for (const c of slow) expect(c.outcome.Slow.elapsed_ms).toBeGreaterThanOrEqual(500);
    const failed = report.checks.filter((c: Check) => kind(c) === 'Fail');
    expect(failed).toHaveLength(1);
    expect(failed[0].outcome.Fail.error).toBe('HTTP 504 Gateway Timeout');
    expect(failed[0].note).toBe('UserActor');
    // A failed user actor is labelled with its full reference (two spaces first).
    expect(failed[0].label).toBe(`  ${failed[0].reference}`);
    expect(failed[0].reference).toMatch(/^pyspy_worker<\w+>\.trainer<\w+>@tcp:\/\/10\.0\.0\.1:26602$/);
    expect(report.summary).toMatchObject({ total: 27, passed: 26, failed: 1, healthy: false });
  });

  it.concurrent('a host that fails does not stop the other hosts', async () => {
    const r = await runCli(['diagnose', '--mock', '--scenario', SC('first-host-down'), '--format', 'json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    const hosts = report.checks.filter((c: Check) => c.note === 'HostAgent');
    expect(hosts.map((c: Check) => kind(c) === 'Fail')).toEqual([true, false, false]);
    expect(hosts[0].label).toBe(hosts[0].reference);
    expect(hosts[0].outcome.Fail.error).toBe('HTTP 504 Gateway Timeout');
    // Hosts 1 and 2 are walked in full: root, 3 hosts, and per healthy host service, host_agent,
    // local, one user proc with proc_agent, cast and its first user actor.
    expect(report.checks).toHaveLength(1 + 3 + 2 * 7);
    expect(report.checks[2].reference).toMatch(/^host:host_agent\.service@tcp:\/\/10\.0\.0\.2:/);
    expect(report.checks[3].reference).toMatch(/^service@tcp:\/\/10\.0\.0\.2:/);
    expect(report.summary).toMatchObject({ admin_infra_total: 4, admin_infra_passed: 3, mesh_total: 14, mesh_passed: 14 });
  });

  it('the run timeout (global --timeout) yields timed_out: true, partial checks in walk order and exit 1', async () => {
    // Each resolve takes 150-250 ms, so the whole walk takes seconds whatever the machine; the run
    // timeout leaves the first answers ample time. The mock is up before the clock starts.
    const mock = await startTestMock({ scenario: SC('slow-mesh') });
    const diagnose = (extra: string[]) => runCli(['diagnose', '--addr', mock.urls.admin, '--format', 'json', ...extra], { timeoutMs: 60_000 });
    const full = JSON.parse((await diagnose([])).stdout);
    expect(full.timed_out).toBe(false);
    const r = await diagnose(['--timeout', '2s']).finally(() => mock.close());
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.timed_out).toBe(true);
    expect(report.summary.healthy).toBe(false);
    expect(report.summary.failed).toBe(0);
    expect(report.checks.length).toBeGreaterThan(0);
    expect(report.checks.length).toBeLessThan(full.checks.length);
    // The partial checks keep the walk order of the full run.
    const order = full.checks.map((c: Check) => c.reference);
    const positions = report.checks.map((c: Check) => order.indexOf(c.reference));
    expect(positions.every((p: number) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(report.summary.total).toBe(report.checks.length);
  }, 70_000);

  it.concurrent('with 50% of resolves answering 503 service_unavailable the report equals the clean one', async () => {
    const clean = readFileSync(join(ROOT, 'fixtures', 'diagnose', 'healthy.json'), 'utf8');
    const mock = await startTestMock({ scenario: SC('healthy-503') });
    // the clean report has no Slow check either
    const r = await runCli(['diagnose', '--addr', mock.urls.admin, '--format', 'json', ...NO_SLOW, '-v']).finally(() => mock.close());
    expect(r.code).toBe(0);
    // The mock did refuse: the verbose request log shows 503s that were retried.
    expect(r.stderr).toMatch(/ 503 \d+ms/);
    expect(JSON.stringify(mask(JSON.parse(r.stdout)), null, 2) + '\n').toBe(clean);
  });

  it.concurrent('serial mode reports a 503 as Fail, as the reference TUI does', async () => {
    const r = await runCli(['diagnose', '--mock', '--scenario', SC('healthy-503'), '--format', 'json', '--concurrency', '1']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    const errors = report.checks.filter((c: Check) => kind(c) === 'Fail').map((c: Check) => c.outcome.Fail.error);
    expect(errors.length).toBeGreaterThan(0);
    expect(new Set(errors)).toEqual(new Set(['HTTP 503 Service Unavailable']));
  });

  it.concurrent('JUnit XML parses and counts the same failures as the report', async () => {
    const [junit, json] = await Promise.all([
      runCli(['diagnose', '--mock', '--scenario', SC('first-host-down'), '--format', 'junit']),
      runCli(['diagnose', '--mock', '--scenario', SC('first-host-down'), '--format', 'json']),
    ]);
    expect(junit.code).toBe(1);
    const report = JSON.parse(json.stdout);
    const doc = parseXml(junit.stdout);
    expect(doc.name).toBe('testsuites');
    expect(Number(doc.attrs.failures)).toBe(report.summary.failed);
    const cases = doc.children.flatMap((s: XmlElement) => s.children.filter((c) => c.name === 'testcase'));
    const failures = cases.filter((c: XmlElement) => c.children.some((x) => x.name === 'failure'));
    expect(failures).toHaveLength(report.summary.failed);
    expect(failures[0].attrs.name).toContain('host:host_agent.service@tcp://10.0.0.1:26600');
    expect(failures[0].children[0].attrs.message).toBe('HTTP 504 Gateway Timeout');
    expect(cases.filter((c: XmlElement) => c.attrs.classname.startsWith('diagnose.AdminInfra') || c.attrs.classname.startsWith('diagnose.Mesh'))).toHaveLength(report.summary.total);
  });

  it.concurrent('GitHub annotations name the failing reference', async () => {
    const r = await runCli(['diagnose', '--mock', '--scenario', 'failing', '--format', 'github', ...PATIENT]);
    expect(r.code).toBe(1);
    const errors = r.stdout.split('\n').filter((l) => l.startsWith('::error '));
    expect(errors.some((l) => /^::error title=[^:]*::host:host_agent\.service@tcp:\/\/10\.0\.0\.3:26600: HTTP 504 Gateway Timeout/.test(l))).toBe(true);
    expect(errors.some((l) => /::pyspy_worker<\w+>\.philosophers<\w+>@tcp:\/\/10\.0\.0\.2:26602: HTTP 404 Not Found/.test(l))).toBe(true);
    expect(r.stdout).toMatch(/^::error title=mesh unhealthy::26\/28 checks passed\. Admin: 3\/4\. Mesh: 23\/24\.$/m);
  });

  it.concurrent('markdown: a job summary with the failed checks', async () => {
    const r = await runCli(['diagnose', '--mock', '--scenario', 'failing', '--format', 'markdown', ...PATIENT]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^## Mesh diagnose: ❌ unhealthy$/m);
    expect(r.stdout).toMatch(/^\| ❌ \| host:host_agent\.service@tcp:\/\/10\.0\.0\.3:26600 \| <code>host:host_agent\.service@tcp:\/\/10\.0\.0\.3:26600<\/code> \| AdminInfra \| HostAgent \| \d+ ms \| HTTP 504 Gateway Timeout \|$/m);
  });

  it.concurrent('--strict turns findings into exit 1 while the admin summary stays the contract', async () => {
    const [plain, strict] = await Promise.all([
      runCli(['diagnose', '--mock', '--scenario', 'degraded', '--format', 'json']),
      runCli(['diagnose', '--mock', '--scenario', 'degraded', '--format', 'json', '--strict']),
    ]);
    expect(plain.code).toBe(0);
    expect(strict.code).toBe(1);
    const a = JSON.parse(plain.stdout);
    const b = JSON.parse(strict.stdout);
    expect(a.verdict).toBeUndefined();
    expect(a.summary.healthy).toBe(true);
    expect(b.summary.healthy).toBe(true);
    expect(b.findings).toEqual(a.findings);
    expect(b.verdict).toEqual({ healthy: false, reasons: ['findings'] });
    expect(b.findings.map((f: { kind: string }) => f.kind)).toContain('poisoned_proc');
  }, 30_000);

  it.concurrent('--all-actors probes every actor and finds the failed ones with their root cause', async () => {
    const r = await runCli(['diagnose', '--mock', '--scenario', 'failing', '--format', 'json', '--all-actors', ...PATIENT]);
    const report = JSON.parse(r.stdout);
    const users = report.checks.filter((c: Check) => c.note === 'UserActor');
    expect(users.length).toBeGreaterThan(10);
    const failed = report.findings.filter((f: { kind: string }) => f.kind === 'failed_actor');
    expect(failed.length).toBeGreaterThan(0);
    const root = failed.find((f: { is_propagated: boolean }) => f.is_propagated === false);
    expect(root.error_message).toBe('actor panicked: RuntimeError: NCCL error: unhandled system error (remote process exited)');
    const propagated = failed.find((f: { is_propagated: boolean }) => f.is_propagated === true);
    expect(propagated.root_cause_actor).toBe(root.reference);
  });

  it.concurrent('--baseline lists what got worse and better', async () => {
    const dir = tmp('diag-baseline');
    const base = join(dir, 'before.json');
    const first = JSON.parse((await runCli(['diagnose', '--mock', '--scenario', SC('slow-node'), '--format', 'json'])).stdout);
    // The earlier run: everything passed except the root, which failed.
    const before = structuredClone(first);
    for (const c of before.checks) c.outcome = { Pass: { elapsed_ms: 3 } };
    before.checks[0].outcome = { Fail: { elapsed_ms: 5000, error: 'timed out after 5000ms' } };
    writeFileSync(base, JSON.stringify(before, null, 2));
    const r = await runCli(['diagnose', '--mock', '--scenario', SC('slow-node'), '--format', 'json', '--baseline', base]);
    const report = JSON.parse(r.stdout);
    expect(report.baseline.file).toBe(base);
    const moves = (list: Array<{ label: string; from: string; to: string }>) => list.map((c) => [c.label.trim(), c.from, c.to]);
    expect(moves(report.baseline.worse)).toEqual(expect.arrayContaining([['replica', 'Pass', 'Slow']]));
    expect(report.baseline.worse.find((c: { to: string }) => c.to === 'Fail').error).toBe('HTTP 504 Gateway Timeout');
    expect(moves(report.baseline.better)).toEqual([['root', 'Fail', expect.stringMatching(/^(Pass|Slow)$/)]]);
    expect(report.baseline.appeared).toEqual([]);
    expect(report.baseline.disappeared).toEqual([]);
    const text = await runCli(['diagnose', '--mock', '--scenario', SC('slow-node'), '--baseline', base]);
    expect(text.stdout).toMatch(/^Compared with .*before\.json: \d+ worse, 1 better, 0 new, 0 gone/m);
    expect(text.stdout).toMatch(/^ {3}worse {2}replica \(replica<\w+>@tcp:\/\/10\.0\.0\.2:26601\): Pass → Slow$/m);
    const bad = await runCli(['diagnose', '--mock', '--baseline', join(dir, 'missing.json')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/cannot read the baseline report .*missing\.json/);
  });

  it.concurrent('--fleet adds the other backends in a key of their own, the admin contract unchanged', async () => {
    const r = await runCli(['diagnose', '--mock', '--format', 'json', '--fleet']);
    const report = JSON.parse(r.stdout);
    expect(report.fleet.checks.map((c: { backend: string; check: string }) => `${c.backend} ${c.check}`)).toEqual([
      'mn runtime health',
      'asya health (external)',
      'asya health (internal)',
      'astromesh doctor',
      'grid reachability',
    ]);
    expect(report.fleet.summary.total).toBe(5);
    expect(report.verdict.healthy).toBe(report.summary.healthy && report.fleet.summary.healthy);
    expect(r.code).toBe(report.verdict.healthy ? 0 : 1);
    expect(Object.keys(report.checks[0])).toEqual(['label', 'note', 'outcome', 'phase', 'reference']);
  });

  it.concurrent('bad flag values are usage errors (exit 2)', async () => {
    for (const args of [['--slow-ms', 'abc'], ['--concurrency', '0'], ['--probe-timeout', 'soon'], ['--format', 'xml']]) {
      const r = await runCli(['diagnose', '--mock', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
    }
  });
});

describe('meshscope --addr URL --diagnose (the reference TUI invocation)', () => {
  let mock: MockHandle;
  beforeAll(async () => {
    mock = await startTestMock({ scenario: 'healthy' });
  });
  afterAll(async () => {
    await mock?.close();
  });

  it('prints the pretty JSON report on stdout, nothing on stderr, exit 0', async () => {
    const r = await runCli(['--addr', mock.urls.admin, '--diagnose', ...NO_SLOW]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout);
    expect(r.stdout).toBe(JSON.stringify(report, null, 2) + '\n');
    expect(Object.keys(report)).toEqual(['checks', 'findings', 'summary', 'timed_out']);
    expect(report.checks[0]).toEqual({ label: 'root', note: 'AdminServer', outcome: { Pass: { elapsed_ms: expect.any(Number) } }, phase: 'AdminInfra', reference: 'root' });
    expect(JSON.stringify(mask(report), null, 2) + '\n').toBe(readFileSync(join(ROOT, 'fixtures', 'diagnose', 'healthy.json'), 'utf8'));
  });

  it('--probe-timeout and --slow-ms change the numbers, never the shape', async () => {
    const r = await runCli(['diagnose', '--addr', mock.urls.admin, '--diagnose', '--slow-ms', '0']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.checks.every((c: Check) => kind(c) === 'Slow')).toBe(true);
    expect(report.summary.healthy).toBe(true);
    const t = await runCli(['diagnose', '--addr', mock.urls.admin, '--diagnose', '--probe-timeout', '1ms']);
    expect(t.code).toBe(1);
    const timedOut = JSON.parse(t.stdout);
    expect(timedOut.checks).toHaveLength(1);
    expect(timedOut.checks[0].outcome.Fail.error).toBe('timed out after 1ms');
  });

  it('an address that cannot be reached is one failed root check and exit 1 (not 4)', async () => {
    const r = await runCli(['--addr', 'http://127.0.0.1:1', '--diagnose']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout);
    expect(report.checks).toEqual([
      { label: 'root', note: 'AdminServer', outcome: { Fail: { elapsed_ms: expect.any(Number), error: 'Request failed: error sending request for url (http://127.0.0.1:1/v1/root)' } }, phase: 'AdminInfra', reference: 'root' },
    ]);
    expect(report.summary).toEqual({ admin_infra_passed: 0, admin_infra_total: 1, failed: 1, healthy: false, mesh_passed: 0, mesh_total: 0, passed: 0, total: 1 });
  });

  it('an unusable address is an error on stderr and exit 1', async () => {
    const r = await runCli(['--addr', 'mast_conda:///job', '--diagnose']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^error: .*mast_conda/m);
  });
});
