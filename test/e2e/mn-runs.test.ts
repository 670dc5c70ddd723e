/** e2e: run verbs (the run store of finished and running jobs) against `meshscope mock serve`. */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { MockHandle } from '../../src/mock/server.js';
import { cleanEnv, ESCAPE, ROOT, runCli, startTestMock, tmp } from '../helpers.js';

const manifests = join(ROOT, 'fixtures', 'manifests');

let dir: string;
let mock: MockHandle;
let run: string;
let failedRun: string;
let slowManifest: string;

const env = () => cleanEnv({ MESHSCOPE_MN_URL: mock.urls.mn });
const mn = (args: string[]) => runCli(args, { env: env() });

async function finished(file: string): Promise<{ run_id: string; job_id: string; status: string }> {
  const r = await mn(['job', 'submit', '-f', file, '--wait', '-o', 'json']);
  return JSON.parse(r.stdout);
}

beforeAll(async () => {
  dir = tmp('mn-runs');
  const scenario = join(dir, 'fast.yaml');
  writeFileSync(scenario, stringify({ name: 'mn-runs', seed: 11, clock_speed: 20, mn: { step_seconds: 2, artifact_bytes: 3 * 1024 * 1024 + 17, seed_jobs: { completed: 0, running: 0 } } }));
  const m = parse(readFileSync(join(manifests, 'good.yaml'), 'utf8'));
  // 5 steps of 12 simulated seconds: 3 s of real time for `run logs -f` to follow
  for (const st of m.workflow.steps) st.simulate = { duration_seconds: 12 };
  slowManifest = join(dir, 'slow.yaml');
  writeFileSync(slowManifest, stringify(m));
  mock = await startTestMock({ scenario: scenario });
  const ok = await finished(join(manifests, 'good.yaml'));
  expect(ok.status).toBe('completed');
  run = ok.run_id;
  const bad = await finished(join(manifests, 'failing.json'));
  expect(bad.status).toBe('failed');
  failedRun = bad.run_id;
});

afterAll(async () => {
  await mock?.close();
});

describe('run reads', () => {
  it('result of a completed run; a failed run has none (exit 3); a bad run id is refused (exit 2)', async () => {
    const r = await mn(['run', 'result', run]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Status:\s+completed$/m);
    expect(r.stdout).toMatch(/^Summary:\s+Research Brief: 5 steps completed$/m);
    const f = await mn(['run', 'result', failedRun]);
    expect(f.code).toBe(3);
    expect(f.stderr).toMatch(/result not found/);
    const bad = await mn(['run', 'result', '-bad-id']);
    expect(bad.code).toBe(2);
    const unknown = await mn(['run', 'summary', 'no-such-run']);
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toMatch(/run not found \(not_found\)/);
  });

  it('artifacts and outputs', async () => {
    const a = await mn(['run', 'artifacts', run]);
    expect(a.code).toBe(0);
    expect(a.stdout).toMatch(/^PATH\s+ID\s+SIZE\s+TYPE$/m);
    expect(a.stdout).toMatch(/^outputs\/dataset\.csv\s+outputs_dataset_csv\s+3\.0 MiB\s+text\/csv$/m);
    const failedArts = JSON.parse((await mn(['run', 'artifacts', failedRun, '-o', 'json'])).stdout).artifacts.map((x: { relative_path: string }) => x.relative_path);
    expect(failedArts).toContain('errors.jsonl');
    expect(failedArts).not.toContain('result.json');
    const o = await mn(['run', 'outputs', run]);
    expect(o.stdout).toMatch(/Final report\s+final_artifact\.json/);
    expect(o.stdout).toMatch(/Dataset\s+outputs\/dataset\.csv\s+3\.0 MiB/);
  });

  it('events, logs (-n, --level), timeline, summary, resources', async () => {
    const ev = await mn(['run', 'events', run, '--limit', '2', '-o', 'json']);
    expect(JSON.parse(ev.stdout).data.map((e: { type: string }) => e.type)).toEqual(['step_completed', 'job_completed']);
    const logs = await mn(['run', 'logs', failedRun, '-n', '3']);
    expect(logs.code).toBe(0);
    expect(logs.stdout.trim().split('\n')).toHaveLength(3);
    const errors = await mn(['run', 'logs', failedRun, '--level', 'error']);
    const lines = errors.stdout.trim().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((l) => /\sERROR\s/.test(l))).toBe(true);
    expect(errors.stdout).toContain('extractor: workflow.step.retry_exhausted: extractor raised ValueError');
    expect((await mn(['run', 'logs', run, '--level', 'loud'])).code).toBe(2);
    const tl = await mn(['run', 'timeline', run]);
    expect(tl.stdout).toMatch(/run_started\s+started\s+Run started/);
    expect(tl.stdout.trim().split('\n').at(-1)).toMatch(/run_completed\s+completed\s+Run completed/);
    const sum = await mn(['run', 'summary', failedRun]);
    expect(sum.stdout).toMatch(/^Status:\s+failed$/m);
    expect(sum.stdout).toMatch(/^Counts:\s+events=\d+ logs=\d+ errors=[1-9]\d* /m);
    const res = await mn(['run', 'resources', run, '--window', '24h', '--bucket', '1h', '-o', 'json']);
    const rollup = JSON.parse(res.stdout);
    expect(rollup.sample_count).toBe(6);
    expect(rollup.llm.total_tokens).toBeGreaterThan(0);
    expect((await mn(['run', 'resources', run, '--window', 'forever'])).code).toBe(2);
  });

  it('human review: list, --pending, respond, ack (and answering twice is refused)', async () => {
    const h = JSON.parse((await mn(['run', 'human', run, '-o', 'json'])).stdout).data;
    const req = h.find((x: { type: string }) => x.type === 'human_input_requested').payload.request_id;
    const notice = h.find((x: { type: string }) => x.type === 'human_notice').payload.notice_id;
    const pending = await mn(['run', 'human', run, '--pending']);
    expect(pending.stdout).toContain(req);
    expect(pending.stdout).toContain(notice);
    const r = await mn(['run', 'respond', run, req, '--decision', 'approve', '--notes', 'looks right']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Recorded: human_input_received$/m);
    expect((await mn(['run', 'respond', run, req, '--decision', 'reject'])).code).toBe(2);
    expect((await mn(['run', 'respond', run, req])).code).toBe(2);
    const a = await mn(['run', 'ack', run, notice]);
    expect(a.code).toBe(0);
    expect(a.stdout).toMatch(/^Recorded: human_notice_acknowledged$/m);
    const after = await mn(['run', 'human', run, '--pending']);
    expect(after.stdout).toBe('');
    expect(after.stderr.trim()).toBe('No resources found.');
    expect((await mn(['run', 'ack', run, 'hn-nope'])).code).toBe(3);
  });

  it('ui metadata; --video downloads only when the run has a video', async () => {
    const ui = await mn(['run', 'ui', run]);
    expect(ui.stdout).toMatch(/^Adapter:\s+gradio$/m);
    expect(ui.stdout).toMatch(/^Web UI:\s+http:\/\/localhost:55173\/runs\//m);
    const none = await mn(['run', 'ui', run, '--video', join(dir, 'none.mp4')]);
    expect(none.code).toBe(3);
    expect(existsSync(join(dir, 'none.mp4'))).toBe(false);
  });
});

describe('run artifact downloads', () => {
  it('downloads the final artifact by default, and a path with its checksum verified', async () => {
    const cwd = tmp('mn-dl');
    const faPath = join(cwd, 'final.json');
    const fa = await mn(['run', 'artifact', run, '-O', faPath]);
    expect(fa.code, fa.stderr).toBe(0);
    expect(fa.stdout).toMatch(new RegExp(`^Saved:\\s+${faPath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
    expect(JSON.parse(readFileSync(faPath, 'utf8')).run_id).toBe(run);
    const target = join(cwd, 'data.csv');
    const r = await mn(['run', 'artifact', run, 'outputs/dataset.csv', '-O', target, '-o', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    const bytes = readFileSync(target);
    expect(bytes.length).toBe(3 * 1024 * 1024 + 17);
    expect(out).toMatchObject({ bytes: bytes.length, verified: true, sha256: createHash('sha256').update(bytes).digest('hex') });
    // no progress noise when stderr is not a terminal
    expect(r.stderr).not.toMatch(ESCAPE);
  });

  it('never overwrites without --force; --force replaces the file atomically', async () => {
    const cwd = tmp('mn-dl2');
    const target = join(cwd, 'dataset.csv');
    writeFileSync(target, 'precious');
    const r = await mn(['run', 'artifact', run, 'outputs/dataset.csv', '-O', target]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/dataset\.csv already exists \(file_exists\)/);
    expect(r.stderr).toMatch(/--force/);
    expect(readFileSync(target, 'utf8')).toBe('precious');
    const f = await mn(['run', 'artifact', run, 'outputs/dataset.csv', '-O', target, '--force']);
    expect(f.code).toBe(0);
    expect(statSync(target).size).toBe(3 * 1024 * 1024 + 17);
    const { readdirSync } = await import('node:fs');
    expect(readdirSync(cwd).filter((n) => n.endsWith('.part'))).toEqual([]);
  });

  it('an unknown artifact path -> exit 3 and no file', async () => {
    const cwd = tmp('mn-dl3');
    const r = await mn(['run', 'artifact', run, 'outputs/missing.bin', '-O', join(cwd, 'missing.bin')]);
    expect(r.code).toBe(3);
    expect(existsSync(join(cwd, 'missing.bin'))).toBe(false);
  });
});

describe('run streams and follows', () => {
  it('run stream (no -f) prints what is stored, per channel, then ends', async () => {
    const r = await mn(['run', 'stream', run, '--channels', 'timeline,logs']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\[timeline\] \S+ run_started: Run started$/m);
    expect(r.stdout).toMatch(/^\[logs\] \S+ INFO  runtime: job \S+ completed$/m);
    expect(r.stdout).not.toMatch(/^\[events\]/m);
    const j = await mn(['run', 'stream', run, '--channels', 'human', '-o', 'json']);
    const recs = j.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(recs.every((x) => x.channel === 'human' && /^\d+$/.test(x.id))).toBe(true);
    expect((await mn(['run', 'stream', run, '--channels', 'gossip'])).code).toBe(2);
  });

  it('run logs -f follows a running job until it ends (exit 0), run stream -f ends with the run (exit 1 when it failed)', async () => {
    const sub = JSON.parse((await mn(['job', 'submit', '-f', slowManifest, '-o', 'json'])).stdout);
    const detail = JSON.parse((await mn(['job', 'get', sub.id, '-o', 'json'])).stdout);
    const runId = detail.job.run_id;
    const r = await mn(['run', 'logs', runId, '-f', '--interval', '0.2']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/runtime: job \S+ submitted/);
    expect(lines.at(-1)).toMatch(/runtime: job \S+ completed$/);
    expect(new Set(lines).size).toBe(lines.length);
    const s = await mn(['run', 'stream', failedRun, '-f', '--channels', 'events', '-o', 'json']);
    expect(s.code).toBe(1);
    expect(JSON.parse(s.stdout.trim().split('\n').at(-1)!).data.type).toBe('job_failed');
  });
});
