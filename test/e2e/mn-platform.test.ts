/** e2e: runtime, bundle and blueprint verbs against the mock. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { MockHandle } from '../../src/mock/server.js';
import { cleanEnv, ROOT, runCli, startTestMock, tmp, storedZip } from '../helpers.js';

const manifests = join(ROOT, 'fixtures', 'manifests');
const FAILING = join(manifests, 'failing.json');

let dir: string;
let mock: MockHandle;

const mn = (args: string[], extra: Record<string, string> = {}, input?: string) => runCli(args, { env: cleanEnv({ MESHSCOPE_MN_URL: mock.urls.mn, ...extra }), input });
const json = (s: string) => JSON.parse(s);

beforeAll(async () => {
  dir = tmp('mn-platform');
  const scenario = join(dir, 'fast.yaml');
  // one simulated minute per real second: cron schedules fire while the tests run
  writeFileSync(scenario, stringify({ name: 'mn-platform', seed: 21, clock_speed: 60, mn: { step_seconds: 3, seed_jobs: { completed: 1, running: 0 }, services: { passing: 3, warning: 1, critical: 1 } } }));
  mock = await startTestMock({ scenario: scenario });
});

afterAll(async () => {
  await mock?.close();
});

describe('runtime', () => {
  it('health, status, summary and metrics', async () => {
    const h = await mn(['runtime', 'health']);
    expect(h.code).toBe(0);
    expect(h.stdout).toMatch(/^core_grpc\s+passing/m);
    const s = await mn(['runtime', 'status']);
    expect(s.code).toBe(0);
    expect(s.stdout).toMatch(/^nodes: 2 \(2 healthy\)$/m);
    const sj = json((await mn(['runtime', 'status', '-o', 'json'])).stdout);
    expect(sj).toMatchObject({ overall: 'passing', jobs: { available: true } });
    const sum = await mn(['runtime', 'summary']);
    expect(sum.stdout).toMatch(/^mirror_neuron@10\.0\.0\.11\s+healthy\s+yes/m);
    const m = await mn(['runtime', 'metrics', '-o', 'json']);
    expect(json(m.stdout).source).toBe('system_summary');
  });

  it('status exits 1 when overall is critical (the failing scenario), 0 when only degraded', async () => {
    const crit = await runCli(['runtime', 'status', '--mock', '--scenario', 'failing']);
    expect(crit.code).toBe(1);
    expect(crit.stderr).toMatch(/overall: critical/);
    expect(crit.stdout).toMatch(/^core_grpc\s+critical/m);
    const health = await runCli(['runtime', 'health', '--mock', '--scenario', 'failing']);
    expect(health.code).toBe(1);
    const warn = await runCli(['runtime', 'status', '--mock', '--scenario', 'degraded']);
    expect(warn.code).toBe(0);
    expect(warn.stderr).toMatch(/overall: warning/);
  });
});

describe('bundles and blueprints', () => {
  it('bundle upload -> job submit --bundle, blueprint validate --bundle, blueprint run --bundle', async () => {
    const file = join(dir, 'extract.zip');
    writeFileSync(file, storedZip({ 'extract/manifest.json': readFileSync(FAILING, 'utf8'), 'extract/payloads/invoice.txt': 'total: 42' }));
    const up = await mn(['bundle', 'upload', file, '-o', 'json']);
    expect(up.code, up.stderr).toBe(0);
    const path = json(up.stdout).bundle_path;
    expect(path).toMatch(/^\/var\/lib\/mirror-neuron\/uploads\//);
    expect(json(up.stdout).manifest.workflow.workflow_id).toBe('invoice_extract_v1');
    const sub = await mn(['job', 'submit', '--bundle', path, '--wait']);
    expect(sub.code).toBe(1);
    expect(sub.stderr).toContain('workflow.step.retry_exhausted');
    const val = await mn(['blueprint', 'validate', '--bundle', path]);
    expect(val.code).toBe(0);
    expect(val.stdout).toMatch(/valid \(passed\)/);
    const run = await mn(['blueprint', 'run', '--bundle', path]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Launch:\s+completed$/m);
    expect(run.stdout).toMatch(/^Job ID:\s+invoice-extract-/m);
    expect(run.stderr).toMatch(/✓ Submit runtime job: Submitted job invoice-extract-/);
  });

  it('bundle upload refuses a non-zip, and the gateway refuses a zip without manifest.json (exit 2)', async () => {
    const txt = join(dir, 'x.txt');
    writeFileSync(txt, 'hi');
    expect((await mn(['bundle', 'upload', txt])).code).toBe(2);
    const empty = join(dir, 'empty.zip');
    writeFileSync(empty, storedZip({ 'payloads/a.txt': 'a' }));
    const r = await mn(['bundle', 'upload', empty]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bundle is missing manifest\.json/);
    const notzip = join(dir, 'fake.zip');
    writeFileSync(notzip, 'this is not a zip file at all');
    expect((await mn(['bundle', 'upload', notzip])).stderr).toMatch(/bad zip file/);
  });

  it('blueprint list, get, install', async () => {
    const l = await mn(['blueprint', 'list']);
    expect(l.stdout).toMatch(/^tax_form_ocr_capture_assistant\s+Tax Form OCR Capture Assistant\s+Finance\s+no$/m);
    expect(l.stderr).toMatch(/categories: .*Finance \(2\)/);
    const fin = json((await mn(['blueprint', 'list', '--category', 'media', '-o', 'json'])).stdout);
    expect(fin.blueprints.map((b: { id: string }) => b.id)).toEqual(['video_highlights_assistant']);
    const g = await mn(['blueprint', 'get', 'research_brief_assistant']);
    expect(g.stdout).toMatch(/^Models:\s+qwen3:4b$/m);
    expect((await mn(['blueprint', 'get', 'nope'])).code).toBe(3);
    const i = await mn(['blueprint', 'install', 'tax_form_ocr_capture_assistant']);
    expect(i.code).toBe(0);
    expect(i.stdout).toMatch(/^ocr-lite:1b\s+ai\/ocr-lite:1B\s+installed$/m);
    expect((await mn(['blueprint', 'get', 'tax_form_ocr_capture_assistant'])).stdout).toMatch(/^Installed:\s+yes$/m);
  });

  it('blueprint validate exits 1 when invalid; run refuses it (422 problem+json issues with location and help) unless --force', async () => {
    const v = await mn(['blueprint', 'validate', 'gpu_finetune_assistant']);
    expect(v.code).toBe(1);
    expect(v.stdout).toMatch(/invalid \(failed\), 1 error/);
    expect(v.stdout).toMatch(/^error\s+requirements:gpu_count\s+needs 2 GPU\(s\), the cluster has 1/m);
    const r = await mn(['blueprint', 'run', 'gpu_finetune_assistant']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Blueprint validation failed: .*\(blueprint_validation_failed\)/);
    expect(r.stderr).toMatch(/- \/requirements\/gpu_count: needs 2 GPU\(s\), the cluster has 1 \(add a GPU node/);
    const forced = await mn(['blueprint', 'run', 'gpu_finetune_assistant', '--force', '-o', 'json']);
    expect(forced.code).toBe(0);
    expect(json(forced.stdout).job_id).toBeTruthy();
    const bad = await mn(['blueprint', 'validate', 'research_brief_assistant', '--set', 'colour=blue']);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/config:colour\s+unknown config field "colour"/);
  });

  it('blueprint run --wait follows the launch and the job (exit 0); progress shows the phases', async () => {
    const r = await mn(['blueprint', 'run', 'research_brief_assistant', '--set', 'topic=actors', '--wait']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Status:\s+completed$/m);
    const launch = await mn(['blueprint', 'run', 'portfolio_risk_review_assistant', '-o', 'json']);
    const pid = json(launch.stdout).progress_id;
    const p = await mn(['blueprint', 'progress', pid]);
    expect(p.code).toBe(0);
    expect(p.stdout).toMatch(/^resolve_source\s+completed\s+Blueprint found$/m);
    expect(p.stdout).toMatch(/^launch\s+completed/m);
    const f = await mn(['blueprint', 'progress', pid, '-f', '-o', 'json']);
    expect(f.code).toBe(0);
    expect(f.stdout.trim().split('\n').map((l) => json(l).phase)).toContain('submit');
    expect((await mn(['blueprint', 'progress', 'bad id!'])).code).toBe(2);
  });
});
