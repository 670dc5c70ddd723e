/**
 * `--validate strict|warn|none` on every verb that sends a manifest (job submit, schedule create,
 * bundle upload): the schema check is the CLI's, since the gateway (and the mock, like it) takes the
 * API document's own minimal example. strict (the default) refuses as before, exit 2 and nothing
 * sent; warn prints each problem as one warning line on stderr and sends; none does not look.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Scenario } from '../../src/mock/scenario.js';
import { startMock, type MockHandle } from '../../src/mock/server.js';
import { createMnMock } from '../../src/mock/mn/router.js';
import type { BackendFactory } from '../../src/mock/types.js';
import { cleanEnv, runCli, tmp, storedZip } from '../helpers.js';

/** The API document's "Submit A Manifest" example. */
const DOC_EXAMPLE = '{"apiVersion":"mn.workflow/v1","kind":"Workflow","workflow":{"workflow_id":"demo","nodes":[]}}';
/** The fields the CLI's schema finds missing in it, one problem each. */
const MISSING = ['id', 'name', 'manifest_version', 'job_name', 'contract', 'workflow.schema', 'workflow.entrypoint', 'workflow.source', 'workflow.sink', 'workflow.steps', 'workflow.edges', 'agents', 'runtime'];

let mock: MockHandle;
let dir: string;
let demo: string;
let legacy: string;

const mn = (args: string[]) => runCli(args, { env: cleanEnv({ MESHSCOPE_MN_URL: mock.urls.mn }) });
const requests = (route: string) => mock.stats.routes.get(`mn ${route}`)?.requests ?? 0;
const warnings = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('warning: '));

beforeAll(async () => {
  dir = tmp('mn-validate');
  demo = join(dir, 'demo.json');
  writeFileSync(demo, DOC_EXAMPLE);
  legacy = join(dir, 'legacy-g.json');
  writeFileSync(legacy, '{"graph_id":"g"}');
  const sc = Scenario.parse({ name: 'mn-validate', seed: 5, clock_speed: 40, mn: { step_seconds: 2, seed_jobs: { completed: 0, failed: 0, running: 0 } } });
  mock = await startMock({ scenario: sc, portBase: 0, factories: [createMnMock as BackendFactory], env: {} });
});

afterAll(async () => {
  await mock?.close();
});

describe('job submit --validate', () => {
  it('strict is the default: the example is refused with each problem named, exit 2, nothing sent', async () => {
    const before = requests('POST /api/v1/jobs');
    for (const args of [['job', 'submit', '-f', demo], ['job', 'submit', '-f', demo, '--validate', 'strict']]) {
      const r = await mn(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^error: .*demo\.json is not a valid mn\.workflow\/v1 manifest: id is required/m);
      for (const f of MISSING) expect(r.stderr).toContain(`- ${f} (`);
      expect(r.stderr).toMatch(/hint: .*--validate warn/);
    }
    expect(requests('POST /api/v1/jobs')).toBe(before);
  });

  it('warn: one warning line per problem on stderr, then the job is submitted (and, having no steps, completes)', async () => {
    const r = await mn(['job', 'submit', '-f', demo, '--validate', 'warn', '-o', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const lines = warnings(r.stderr);
    expect(lines).toHaveLength(MISSING.length);
    MISSING.forEach((f, i) => expect(lines[i]).toMatch(new RegExp(`^warning: ${f.replace('.', '\\.')} \\(.*demo\\.json:1\\): `)));
    expect(r.stderr).not.toMatch(/^error:/m);
    const res = JSON.parse(r.stdout);
    expect(res).toEqual({ id: expect.any(String), status: 'pending' });
    const w = await mn(['job', 'submit', '-f', demo, '--validate=warn', '--wait']);
    expect(w.code, w.stderr).toBe(0);
    expect(w.stdout).toMatch(/^Status:\s+completed$/m);
    expect(w.stdout).toMatch(/^Steps:\s+0\/0 done$/m);
  });

  it('none: no check and no warning; the legacy {"graph_id":"g"} also runs to completion', async () => {
    const r = await mn(['job', 'submit', '-f', demo, '--validate', 'none']);
    expect(r.code, r.stderr).toBe(0);
    expect(warnings(r.stderr)).toEqual([]);
    expect(r.stdout).toMatch(/^Status:\s+pending$/m);
    expect((await mn(['job', 'submit', '-f', legacy])).code).toBe(2);
    const g = await mn(['job', 'submit', '-f', legacy, '--validate', 'none', '--wait', '-o', 'json']);
    expect(g.code, g.stderr).toBe(0);
    expect(JSON.parse(g.stdout)).toMatchObject({ status: 'completed', workflow_id: 'g' });
  });

  it('--dry-run reports under each mode: strict refuses, warn says "no (13 problems)" and exits 0, none says not checked', async () => {
    expect((await mn(['job', 'submit', '-f', demo, '--dry-run'])).code).toBe(2);
    const w = await mn(['job', 'submit', '-f', demo, '--dry-run', '--validate', 'warn']);
    expect(w.code).toBe(0);
    expect(w.stdout).toMatch(/^Valid:\s+no \(13 problems\)$/m);
    expect(warnings(w.stderr)).toHaveLength(13);
    const j = JSON.parse((await mn(['job', 'submit', '-f', demo, '--dry-run', '--validate', 'warn', '-o', 'json'])).stdout);
    expect(j.valid).toBe(false);
    expect(j.problems.map((p: { path: string }) => p.path)).toEqual(MISSING);
    const n = await mn(['job', 'submit', '-f', demo, '--dry-run', '--validate', 'none']);
    expect(n.code).toBe(0);
    expect(n.stdout).toMatch(/^Valid:\s+not checked \(--validate none\)$/m);
  });

  it('an unknown mode is a usage error naming the three', async () => {
    const r = await mn(['job', 'submit', '-f', demo, '--validate', 'lenient']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--validate <mode>.*'lenient' is invalid.*strict, warn or none/);
  });
});

describe('schedule create --validate', () => {
  it('strict refuses (exit 2, nothing sent); warn warns and creates; none creates silently', async () => {
    const before = requests('POST /api/v1/schedules');
    const s = await mn(['schedule', 'create', '-f', demo, '--in', '10m']);
    expect(s.code).toBe(2);
    expect(s.stderr).toMatch(/demo\.json is not a valid mn\.workflow\/v1 manifest/);
    expect(requests('POST /api/v1/schedules')).toBe(before);
    const w = await mn(['schedule', 'create', '-f', demo, '--in', '10m', '--validate', 'warn', '-o', 'json']);
    expect(w.code, w.stderr).toBe(0);
    expect(warnings(w.stderr)).toHaveLength(MISSING.length);
    expect(JSON.parse(w.stdout).status).toBe('active');
    const n = await mn(['schedule', 'create', '-f', demo, '--in', '10m', '--validate', 'none']);
    expect(n.code, n.stderr).toBe(0);
    expect(warnings(n.stderr)).toEqual([]);
  });
});

describe('bundle upload --validate', () => {
  it("the bundle's manifest.json is checked before the upload: strict refuses, warn warns and uploads, none uploads", async () => {
    const file = join(dir, 'demo.zip');
    writeFileSync(file, storedZip({ 'demo/manifest.json': DOC_EXAMPLE, 'demo/payloads/input.txt': 'hello' }));
    const before = requests('POST /api/v1/bundles/upload');
    const s = await mn(['bundle', 'upload', file]);
    expect(s.code).toBe(2);
    expect(s.stderr).toMatch(/demo\.zip:demo\/manifest\.json is not a valid mn\.workflow\/v1 manifest: id is required/);
    expect(requests('POST /api/v1/bundles/upload')).toBe(before);
    const w = await mn(['bundle', 'upload', file, '--validate', 'warn', '-o', 'json']);
    expect(w.code, w.stderr).toBe(0);
    const lines = warnings(w.stderr);
    expect(lines).toHaveLength(MISSING.length);
    expect(lines[0]).toMatch(/^warning: id \(.*demo\.zip:demo\/manifest\.json:1\): is required/);
    const path = JSON.parse(w.stdout).bundle_path;
    const sub = await mn(['job', 'submit', '--bundle', path, '--wait']);
    expect(sub.code, sub.stderr).toBe(0);
    const n = await mn(['bundle', 'upload', file, '--validate', 'none']);
    expect(n.code, n.stderr).toBe(0);
    expect(warnings(n.stderr)).toEqual([]);
  });

  it('what is not a readable manifest is left to the gateway (its own 400), whatever the mode', async () => {
    const empty = join(dir, 'no-manifest.zip');
    writeFileSync(empty, storedZip({ 'payloads/a.txt': 'a' }));
    const r = await mn(['bundle', 'upload', empty]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bundle is missing manifest\.json/);
  });
});
