/** e2e: job verbs against the embedded mock (a fast simulated clock), piped (no TTY). */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { MockHandle } from '../../src/mock/server.js';
import { BIN, cleanEnv, ESCAPE, ROOT, runCli, startTestMock, tmp, waitUntil } from '../helpers.js';

const manifests = join(ROOT, 'fixtures', 'manifests');
const GOOD = join(manifests, 'good.yaml');
const FAILING = join(manifests, 'failing.json');
const INVALID = join(manifests, 'invalid.yaml');

let dir: string;
let scenarioFile: string;
let slowManifest: string;
let mock: MockHandle;

function writeScenario(): void {
  dir = tmp('mn-jobs');
  scenarioFile = join(dir, 'fast.yaml');
  writeFileSync(scenarioFile, stringify({ name: 'mn-fast', seed: 3, clock_speed: 20, mn: { step_seconds: 2, seed_jobs: { completed: 1, failed: 1, running: 0 } } }));
  // the research step takes 2000 simulated seconds (100 s real): time enough to pause, resume and
  // cancel however slow the machine; the tests that start such a job cancel it
  const m = parse(readFileSync(GOOD, 'utf8'));
  m.workflow.steps[1].simulate = { duration_seconds: 2000 };
  slowManifest = join(dir, 'slow.yaml');
  writeFileSync(slowManifest, stringify(m));
}

const env = (extra: Record<string, string> = {}) => cleanEnv({ MESHSCOPE_MN_URL: mock.urls.mn, ...extra });
const mn = (args: string[], extra: Record<string, string> = {}, input?: string) => runCli(args, { env: env(extra), input });

async function submit(file: string): Promise<string> {
  const r = await mn(['job', 'submit', '-f', file, '-o', 'json']);
  expect(r.code, r.stderr).toBe(0);
  const res = JSON.parse(r.stdout);
  expect(res.status).toBe('pending');
  return res.id as string;
}

/** The job's status as `job progress` shows it, once it is `status` (jobs start on the mock's clock). */
const reach = (id: string, status: string) =>
  waitUntil(
    async () => JSON.parse((await mn(['job', 'progress', id, '-o', 'json'])).stdout).status as string,
    (s) => s === status,
    `job ${id} ${status}`,
  );

beforeAll(async () => {
  writeScenario();
  mock = await startTestMock({ scenario: scenarioFile });
});

afterAll(async () => {
  await mock?.close();
});

describe('job submit and monitor', () => {
  it('submit -> monitor -> completed: NDJSON snapshots when not on a TTY, summary on stderr, exit 0', async () => {
    const id = await submit(GOOD);
    const r = await mn(['job', 'monitor', id]);
    expect(r.code, r.stderr).toBe(0);
    const snaps = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(snaps.length).toBeGreaterThanOrEqual(1);
    expect(snaps.every((s) => s.job_id === id)).toBe(true);
    expect(snaps.at(-1).status).toBe('completed');
    expect(snaps.at(-1).steps.map((s: { status: string }) => s.status)).toEqual(['done', 'done', 'done', 'done', 'done']);
    expect(r.stderr).toMatch(new RegExp(`job ${id} completed: research_brief_v1\\s+5/5 steps`));
    expect(r.stdout + r.stderr).not.toMatch(ESCAPE);
  });

  it('monitor follows a running job through its steps (several distinct snapshots)', async () => {
    const id = await submit(slowManifest);
    // cancelled once the monitor has shown the job running
    let shownRunning!: () => void;
    const running = new Promise<void>((r) => (shownRunning = r));
    const following = runCli(['job', 'monitor', id, '-o', 'json'], { env: env(), onOutput: (out) => /"status":"running"/.test(out.stdout) && shownRunning() });
    await Promise.race([running, following]);
    expect((await mn(['job', 'cancel', id])).code).toBe(0);
    const mon = await following;
    expect(mon.code).toBe(1);
    const snaps = mon.stdout.trim().split('\n').map((l) => JSON.parse(l));
    const statuses = [...new Set(snaps.map((s) => s.status))];
    expect(statuses).toContain('running');
    expect(statuses.at(-1)).toBe('cancelled');
    expect(mon.stderr).toMatch(/cancelled/);
  });

  it('submit --wait: exit 0 and the summary on stdout', async () => {
    const r = await mn(['job', 'submit', '-f', GOOD, '--wait']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Job ID:\s+research-brief-/m);
    expect(r.stdout).toMatch(/^Status:\s+completed$/m);
    expect(r.stdout).toMatch(/^Steps:\s+5\/5 done$/m);
    expect(r.stderr).toMatch(/submitted job research-brief-/);
  });

  it('a failing manifest -> failed, exit 1, with the mn.error.v1 description shown', async () => {
    const r = await mn(['job', 'submit', '-f', FAILING, '--wait']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^Status:\s+failed$/m);
    expect(r.stdout).toContain('Workflow step failed after exhausting its retries (workflow.step.retry_exhausted)');
    expect(r.stderr).toMatch(/error: job invoice-extract-\S+ failed: Workflow step failed after exhausting its retries \(workflow\.step\.retry_exhausted\)/);
    expect(r.stderr).toContain('step: extract');
    expect(r.stderr).toContain('message: extractor raised ValueError: page 3 of invoice-0042.pdf has no text layer');
    expect(r.stderr).toMatch(/hint: Run OCR on scanned invoices first/);
  });

  it('the same under -o json: one object with the failure, exit 1', async () => {
    const r = await mn(['job', 'submit', '-f', FAILING, '--wait', '-o', 'json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ status: 'failed', exit_code: 1, failure: { schema_version: 'mn.error.v1', code: 'workflow.step.retry_exhausted', details: { step_id: 'extract' } } });
  });

  it('monitor of a failed job: the last NDJSON snapshot carries the failure, exit 1', async () => {
    const id = await submit(FAILING);
    const r = await mn(['job', 'monitor', id]);
    expect(r.code).toBe(1);
    const last = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
    expect(last.status).toBe('failed');
    expect(last.failure.desc).toBe('Workflow step failed after exhausting its retries');
    expect(r.stderr).toMatch(/failure: job \S+ failed: Workflow step failed after exhausting its retries/);
  });

  it('monitor polls when the stream is disabled (MN_JOB_MONITOR_DISABLE_API_STREAM) or with --poll', async () => {
    const id = await submit(GOOD);
    const a = await mn(['job', 'monitor', id], { MN_JOB_MONITOR_DISABLE_API_STREAM: '1' });
    expect(a.code, a.stderr).toBe(0);
    expect(JSON.parse(a.stdout.trim().split('\n').at(-1)!).status).toBe('completed');
    const b = await mn(['job', 'monitor', id, '--poll']);
    expect(b.code).toBe(0);
  });

  it('an invalid manifest -> exit 2 naming each field (and nothing is submitted)', async () => {
    const before = JSON.parse((await mn(['job', 'list', '--all', '--limit', '1000', '-o', 'json'])).stdout).data.length;
    const r = await mn(['job', 'submit', '-f', INVALID]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/error: .*invalid\.yaml is not a valid mn\.workflow\/v1 manifest: workflow\.sink is required/);
    expect(r.stderr).toMatch(/- workflow\.sink \(.*invalid\.yaml:13\): is required/);
    expect(r.stderr).toMatch(/- workflow\.steps\[1\]\.control\.retry\.max_attempts \(.*:22\): must be at least 1/);
    expect(r.stderr).toMatch(/- workflow\.edges\[0\]\.to \(.*:24\): names step "finsh", which is not in workflow\.steps \(known steps: start, finish\)/);
    const j = await mn(['job', 'submit', '-f', INVALID, '-o', 'json']);
    expect(j.code).toBe(2);
    expect(JSON.parse(j.stdout).error.details.map((d: { path: string }) => d.path)).toEqual(expect.arrayContaining(['workflow.sink', 'workflow.edges[0].to']));
    const after = JSON.parse((await mn(['job', 'list', '--all', '--limit', '1000', '-o', 'json'])).stdout).data.length;
    expect(after).toBe(before);
  });

  it('usage errors: nothing to submit, both sources, a missing file, --dry-run', async () => {
    expect((await mn(['job', 'submit'])).code).toBe(2);
    expect((await mn(['job', 'submit', '-f', GOOD, '--bundle', '/x'])).code).toBe(2);
    const missing = await mn(['job', 'submit', '-f', join(dir, 'nope.yaml')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no such file/);
    const dry = await mn(['job', 'submit', '-f', GOOD, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/^Valid:\s+yes$/m);
  });

  it('requirements: 412 problem+json printed with each issue\'s location and help; --force submits', async () => {
    const r = await mn(['job', 'submit', '-f', join(manifests, 'needs-model.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/error: Requirements not met: .* \(requirements_not_met\)/);
    expect(r.stderr).toMatch(/- \/runtime\/models\/primary: required model ai\/mistral-large:123B is not installed on any node \(.*--force.*\)/);
    const f = await mn(['job', 'submit', '-f', join(manifests, 'needs-model.yaml'), '--force', '-o', 'json']);
    expect(f.code).toBe(0);
    expect(JSON.parse(f.stdout).status).toBe('pending');
  });

  it('the 5 MiB request limit: 413 -> exit 2 with the limit and a hint to use a bundle', async () => {
    const big = join(dir, 'big.txt');
    writeFileSync(big, 'x'.repeat(5 * 1024 * 1024 + 10));
    const r = await mn(['job', 'submit', '-f', GOOD, '--payload', `big.txt=${big}`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/too large \(request_too_large\)/);
    expect(r.stderr).toContain('limit_bytes: 5242880');
    expect(r.stderr).toMatch(/hint: .*bundle/);
  });
});

describe('job control: pause, resume, cancel', () => {
  it('pause goes through pausing to paused; resume runs again; cancel goes through cancelling to cancelled', async () => {
    const id = await submit(slowManifest);
    await reach(id, 'running');
    const p = await mn(['job', 'pause', id, '-o', 'json']);
    expect(p.code).toBe(0);
    expect(['pausing', 'paused']).toContain(JSON.parse(p.stdout).status);
    const pw = await mn(['job', 'pause', id, '--wait']);
    expect(pw.code).toBe(0);
    expect(pw.stdout).toMatch(/^Status: paused$/m);
    expect(JSON.parse((await mn(['job', 'progress', id, '-o', 'json'])).stdout).status).toBe('paused');
    const res = await mn(['job', 'resume', id]);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^Status: running$/m);
    const c = await mn(['job', 'cancel', id, '--wait']);
    expect(c.code).toBe(0);
    expect(c.stdout).toMatch(/^Status: cancelled$/m);
    const events = JSON.parse((await mn(['job', 'events', id, '-o', 'json'])).stdout).data.map((e: { type: string }) => e.type);
    const order = ['job_pausing', 'job_paused', 'job_resumed', 'job_cancelling', 'job_cancelled'].map((t) => events.indexOf(t));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    // a finished job cannot be paused: exit 1 with the gateway's words
    const again = await mn(['job', 'pause', id]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/cannot be paused: it is cancelled \(failed_precondition\)/);
    // following a cancelled job ends with exit 1
    const mon = await mn(['job', 'monitor', id]);
    expect(mon.code).toBe(1);
    expect(JSON.parse(mon.stdout.trim().split('\n').at(-1)!).status).toBe('cancelled');
  });
});

describe('job list, get, events, progress, dead-letters, cleanup', () => {
  let failedId: string;

  beforeAll(async () => {
    const r = await mn(['job', 'submit', '-f', FAILING, '--wait', '-o', 'json']);
    failedId = JSON.parse(r.stdout).job_id;
  });

  it('list: active by default, --all for finished ones, -o name, --limit', async () => {
    const all = JSON.parse((await mn(['job', 'list', '--all', '--limit', '500', '-o', 'json'])).stdout).data;
    expect(all.map((j: { job_id: string }) => j.job_id)).toContain(failedId);
    const active = JSON.parse((await mn(['job', 'list', '-o', 'json'])).stdout).data;
    expect(active.every((j: { status: string }) => !['completed', 'failed', 'cancelled'].includes(j.status))).toBe(true);
    const table = await mn(['job', 'list', '--all']);
    expect(table.stdout).toMatch(/^JOB ID\s+WORKFLOW\s+STATUS\s+RECOVERY\s+SUBMITTED$/m);
    const names = (await mn(['job', 'list', '--all', '--limit', '2', '-o', 'name'])).stdout.trim().split('\n');
    expect(names).toHaveLength(2);
    expect(names.every((n) => n.startsWith('job/'))).toBe(true);
    expect((await mn(['job', 'list', '--limit', '0'])).code).toBe(2);
  });

  it('get: status, run, failure and recent events; --detail full is the raw record; unknown -> exit 3', async () => {
    const r = await mn(['job', 'get', failedId]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Status:\s+failed$/m);
    expect(r.stdout).toMatch(/^Failure:\s+Workflow step failed after exhausting its retries \(workflow\.step\.retry_exhausted\)$/m);
    expect(r.stdout).toMatch(/remediation: Run OCR/);
    expect(r.stdout).toMatch(/Recent events:\nTIME\s+TYPE/);
    const full = JSON.parse((await mn(['job', 'get', failedId, '--detail', 'full', '-o', 'json'])).stdout);
    expect(full.job.manifest.workflow.workflow_id).toBe('invoice_extract_v1');
    expect(full.agents.length).toBe(3);
    const missing = await mn(['job', 'get', 'no-such-job']);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/job no-such-job was not found \(not_found\)/);
    expect((await mn(['job', 'get', failedId, '--detail', 'everything'])).code).toBe(2);
  });

  it('events, progress and dead-letters', async () => {
    const ev = await mn(['job', 'events', failedId, '--limit', '3']);
    expect(ev.code).toBe(0);
    expect(ev.stdout.trim().split('\n')).toHaveLength(4);
    expect(ev.stdout).toMatch(/job_failed\s+failed/);
    const pr = await mn(['job', 'progress', failedId]);
    expect(pr.stdout).toMatch(/^invoice_extract_v1\s+1\/3 steps \| \S+ \| failed$/m);
    expect(pr.stdout).toMatch(/^> extract\s+failed/m);
    expect(pr.stdout).toMatch(/^failure: Workflow step failed after exhausting its retries/m);
    const dl = await mn(['job', 'dead-letters', failedId]);
    expect(dl.code).toBe(0);
    expect(dl.stdout).toMatch(/^0\s+\S+\s+extractor\s+agent failed before delivery/m);
    expect(JSON.parse((await mn(['job', 'dead-letters', failedId, '-o', 'json'])).stdout).data[0].agent_id).toBe('extractor');
  });

  it('cleanup needs --yes off a terminal; with it, finished records are cleared', async () => {
    const no = await mn(['job', 'cleanup']);
    expect(no.code).toBe(2);
    expect(no.stderr).toMatch(/pass --yes/);
    const yes = await mn(['job', 'cleanup', '--yes', '-o', 'json']);
    expect(yes.code).toBe(0);
    expect(JSON.parse(yes.stdout).cleared_count).toBeGreaterThan(0);
    const all = JSON.parse((await mn(['job', 'list', '--all', '--limit', '500', '-o', 'json'])).stdout).data;
    expect(all.some((j: { status: string }) => ['completed', 'failed', 'cancelled'].includes(j.status))).toBe(false);
    expect((await mn(['job', 'get', failedId])).code).toBe(3);
  });
});

describe('auth and base path', () => {
  it('a wrong MN_API_TOKEN -> exit 13 on every verb (the token is never printed)', async () => {
    const secured = await startTestMock({ scenario: scenarioFile, env: { MN_API_TOKEN: 'the-right-one' } });
    try {
      const e = cleanEnv({ MESHSCOPE_MN_URL: secured.urls.mn, MN_API_TOKEN: 'wrong-token-xyz' });
      for (const args of [['job', 'list'], ['job', 'submit', '-f', GOOD], ['job', 'monitor', 'any'], ['runtime', 'status']]) {
        const r = await runCli(args, { env: e });
        expect(r.code, args.join(' ')).toBe(13);
        expect(r.stderr).toContain('missing or invalid bearer token (unauthorized)');
        expect(r.stdout + r.stderr).not.toContain('wrong-token-xyz');
      }
      const ok = await runCli(['job', 'submit', '-f', GOOD, '--wait'], { env: cleanEnv({ MESHSCOPE_MN_URL: secured.urls.mn, MN_API_TOKEN: 'the-right-one' }) });
      expect(ok.code).toBe(0);
    } finally {
      await secured.close();
    }
  });

  it('an /api/v2 base URL works the same (paths are relative to the base)', async () => {
    const v2 = mock.urls.mn.replace(/\/api\/v1$/, '/api/v2');
    const r = await runCli(['job', 'submit', '-f', GOOD, '--wait'], { env: cleanEnv({ MESHSCOPE_MN_URL: v2 }) });
    expect(r.code, r.stderr).toBe(0);
  });

  it('--mock runs the whole flow in-process', async () => {
    const r = await runCli(['job', 'submit', '-f', FAILING, '--wait', '--mock', '--scenario', scenarioFile]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('workflow.step.retry_exhausted');
  });
});

/** `job monitor` in a real pseudo-terminal (util-linux `script`), so the Ink view runs. */
const hasScript = spawnSync('script', ['--version'], { stdio: 'ignore' }).status === 0;

/** Runs `meshscope ARGS` on a terminal; each key is typed once the screen so far matches its pattern. */
function inPty(args: string[], keys: Array<[RegExp, string]> = []): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const cmd = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
    const child = spawn('script', ['-qec', `stty cols 110 rows 40 2>/dev/null; ${cmd}`, '/dev/null'], { env: { ...env(), TERM: 'xterm-256color', COLUMNS: '110', LINES: '40' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    const plain = () => output.replace(/\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07/g, '');
    const pending = [...keys];
    const onData = (d: string) => {
      output += d;
      while (pending.length && pending[0][0].test(plain())) child.stdin.write(pending.shift()![1]);
    };
    child.stdout.setEncoding('utf8').on('data', onData);
    child.stderr.setEncoding('utf8').on('data', onData);
    const timer = setTimeout(() => child.kill('SIGKILL'), 50_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output: plain() });
    });
  });
}

describe.skipIf(!hasScript)('job monitor on a terminal (Ink)', () => {
  it('draws the live view and ends with the summary and the job\'s exit code', async () => {
    const id = await submit(FAILING);
    const r = await inPty(['job', 'monitor', id]);
    expect(r.code).toBe(1);
    expect(r.output).toContain(`Workflow Job Monitor  ${id}`);
    expect(r.output).toContain('keys: ↑/↓ select agent');
    expect(r.output).toMatch(/Status:\s+failed/);
    expect(r.output).toContain('error: job ' + id + ' failed: Workflow step failed after exhausting its retries');
  }, 60_000);

  it('q detaches: exit 0, the job keeps running', async () => {
    const id = await submit(slowManifest);
    const r = await inPty(['job', 'monitor', id], [[/keys: ↑\/↓ select agent/, 'q']]);
    expect(r.code).toBe(0);
    expect(r.output).toContain(`Exited live monitor for ${id}`);
    const p = JSON.parse((await mn(['job', 'progress', id, '-o', 'json'])).stdout);
    expect(['running', 'pending']).toContain(p.status);
    await mn(['job', 'cancel', id]);
  }, 60_000);

  it('job cleanup asks on a terminal: y clears the finished records', async () => {
    const id = await submit(FAILING);
    await mn(['job', 'monitor', id]);
    const r = await inPty(['job', 'cleanup'], [[/\[y\/N\]/, 'y\r']]);
    expect(r.output).toMatch(/Clear \d+ finished job record\(s\)\? \[y\/N\]/);
    expect(r.code).toBe(0);
    expect(r.output).toMatch(/Cleared:\s+[1-9]/);
    expect((await mn(['job', 'get', id])).code).toBe(3);
  }, 60_000);
});
