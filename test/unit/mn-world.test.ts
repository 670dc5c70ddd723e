import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadManifest } from '../../src/backends/mn/manifest.js';
import { WorkflowProgress } from '../../src/backends/mn/models.js';
import { createRng } from '../../src/mock/rng.js';
import { MnScenario } from '../../src/mock/mn/scenario.js';
import { JobRuntime } from '../../src/mock/mn/jobs.js';
import { MnWorld } from '../../src/mock/mn/world.js';
import { advanceLaunch, type Launch } from '../../src/mock/mn/catalog.js';
import { filterMatches, parseCron } from '../../src/mock/mn/schedules.js';
import { listZip, readZipEntry } from '../../src/zip.js';
import { ROOT, storedZip } from '../helpers.js';

const manifest = (name: string) => loadManifest(join(ROOT, 'fixtures', 'manifests', name)).manifest;

function runtime(cfg: Partial<MnScenario> = {}) {
  let now = Date.parse('2026-07-14T10:00:00Z');
  const rt = new JobRuntime(MnScenario.parse({ step_seconds: 4, start_delay_seconds: 1, transition_seconds: 1, ...cfg }), createRng(1), () => ['mirror_neuron@a', 'mirror_neuron@b'], () => now);
  return {
    rt,
    at: () => now,
    advance(ms: number) {
      now += ms;
      rt.tick(now);
    },
  };
}

describe('mock mn job runtime', () => {
  it('moves a job pending -> running -> completed, step by step, with run-store records', () => {
    const { rt, advance } = runtime();
    const job = rt.create({ manifest: manifest('good.yaml'), source: 'manifest' });
    expect(job.status).toBe('pending');
    advance(1000);
    expect(job.status).toBe('running');
    const snap = WorkflowProgress.parse(rt.snapshot(job));
    expect(snap.steps.map((s) => s.id)).toEqual(['intake', 'research', 'summarize', 'review', 'report']);
    expect(snap.current_step_id).toBe('intake');
    advance(5000);
    expect(WorkflowProgress.parse(rt.snapshot(job)).current_step_id).toBe('research');
    advance(60_000);
    expect(job.status).toBe('completed');
    const done = WorkflowProgress.parse(rt.snapshot(job));
    expect(done.steps.every((s) => s.status === 'done')).toBe(true);
    expect(done.resource_tokens).toBeGreaterThan(0);
    expect(done.failure).toBeUndefined();
    // 5 steps of 4 s after a 1 s start: completed at exactly +21 s of simulated time, whatever the ticks
    expect(Date.parse(job.events.at(-1)!.timestamp) - job.submittedAt).toBe(21_000);
    const types = job.events.map((e) => e.type);
    expect(types[0]).toBe('job_pending');
    expect(types).toContain('job_running');
    expect(types.at(-1)).toBe('job_completed');
    expect(job.human.some((h) => h.kind === 'request' && (h.record.payload as { step_id: string }).step_id === 'review')).toBe(true);
    const files = rt.files(job);
    expect([...files.keys()]).toEqual(expect.arrayContaining(['result.json', 'final_artifact.json', 'outputs/dataset.csv', 'timeline.jsonl']));
    expect(files.get('outputs/dataset.csv')!.content().length).toBe(256 * 1024);
  });

  it('fails a step that simulates a failure: mn.error.v1, dead letters, failed job', () => {
    const { rt, advance } = runtime();
    const job = rt.create({ manifest: manifest('failing.json'), source: 'manifest' });
    advance(60_000);
    expect(job.status).toBe('failed');
    expect(job.failure).toMatchObject({ schema_version: 'mn.error.v1', code: 'workflow.step.retry_exhausted', details: { step_id: 'extract', agent_id: 'extractor' } });
    expect(job.deadLetters.length).toBeGreaterThan(0);
    expect(job.deadLetters[0]).toMatchObject({ index: 0, agent_id: 'extractor' });
    const snap = WorkflowProgress.parse(rt.snapshot(job));
    expect(snap.failure?.desc).toBe('Workflow step failed after exhausting its retries');
    expect(snap.steps.find((s) => s.id === 'extract')?.status).toBe('failed');
    expect(snap.steps.find((s) => s.id === 'export')?.status).toBe('pending');
    expect(rt.files(job).has('errors.jsonl')).toBe(true);
    expect(rt.files(job).has('result.json')).toBe(false);
  });

  it('fails the scenario\'s fail_steps in any job', () => {
    const { rt, advance } = runtime({ fail_steps: ['summarize'] } as Partial<MnScenario>);
    const job = rt.create({ manifest: manifest('good.yaml'), source: 'manifest' });
    advance(120_000);
    expect(job.status).toBe('failed');
    expect((job.failure as { details: { step_id: string } }).details.step_id).toBe('summarize');
  });

  it('pauses through pausing, freezes progress, resumes; cancels through cancelling', () => {
    const { rt, advance } = runtime();
    const job = rt.create({ manifest: manifest('good.yaml'), source: 'manifest' });
    advance(3000);
    expect(rt.control(job, 'pause')).toEqual({ status: 'pausing' });
    advance(1000);
    expect(job.status).toBe('paused');
    const frozen = JSON.stringify(rt.snapshot(job).steps);
    advance(600_000);
    expect(job.status).toBe('paused');
    expect(JSON.stringify(rt.snapshot(job).steps)).toBe(frozen);
    expect(rt.control(job, 'resume')).toEqual({ status: 'running' });
    advance(2000);
    expect(job.status).toBe('running');
    expect(rt.control(job, 'cancel')).toEqual({ status: 'cancelling' });
    advance(1000);
    expect(job.status).toBe('cancelled');
    expect(job.events.map((e) => e.type)).toEqual(expect.arrayContaining(['job_pausing', 'job_paused', 'job_resumed', 'job_cancelling', 'job_cancelled']));
    expect(rt.control(job, 'pause')).toEqual({ error: expect.stringMatching(/cannot be paused/) });
    expect(rt.control(job, 'resume')).toEqual({ error: expect.stringMatching(/cannot be resumed/) });
  });

  it('cleanup clears finished job records but keeps their runs', () => {
    const { rt, advance } = runtime();
    const a = rt.create({ manifest: manifest('good.yaml'), source: 'manifest' });
    advance(60_000);
    const b = rt.create({ manifest: manifest('good.yaml'), source: 'manifest' });
    expect(rt.cleanup()).toBe(1);
    expect(rt.jobs.has(a.id)).toBe(false);
    expect(rt.jobs.has(b.id)).toBe(true);
    expect(rt.runs.get(a.runId)).toBe(a);
  });
});

describe('mock mn world', () => {
  it('seeds jobs, nodes and services from the scenario', () => {
    const now = Date.parse('2026-07-14T10:00:00Z');
    const cfg = MnScenario.parse({ nodes: 3, unhealthy_nodes: 1, seed_jobs: { completed: 2, failed: 1, cancelled: 1, running: 1 }, services: { passing: 2, critical: 1 } });
    const w = new MnWorld(cfg, createRng(3), () => now);
    const statuses = w.runtime.list().map((j) => j.status);
    expect(statuses.filter((s) => s === 'completed')).toHaveLength(2);
    expect(statuses.filter((s) => s === 'failed')).toHaveLength(1);
    expect(statuses.filter((s) => s === 'cancelled')).toHaveLength(1);
    expect(statuses.filter((s) => s === 'running')).toHaveLength(1);
    expect(w.nodes.filter((n) => n.status === 'unhealthy')).toHaveLength(1);
    expect(w.services.map((s) => s.status)).toEqual(['passing', 'passing', 'critical']);
  });

  it('launches move through the phases and submit the job in the submit phase', () => {
    let now = 0;
    const submitted: number[] = [];
    const launch: Launch = { progressId: 'lp', runId: 'r', jobId: null, source: 'catalog', startedAt: 0, phaseMs: 100, idx: 0, clock: 0, status: 'pending', events: [], phases: [], skip: new Set(['cleanup']), submit: (at) => (submitted.push(at), 'job-1'), install: () => ['m'] };
    advanceLaunch(launch, now);
    expect(launch.status).toBe('running');
    now = 450;
    advanceLaunch(launch, now);
    expect(launch.jobId).toBeNull();
    now = 10_000;
    advanceLaunch(launch, now);
    expect(launch.status).toBe('completed');
    expect(launch.jobId).toBe('job-1');
    expect(submitted).toHaveLength(1);
    expect(launch.phases.find((p) => p.id === 'cleanup')?.status).toBe('skipped');
    expect(launch.phases.at(-1)).toMatchObject({ id: 'launch', status: 'completed' });
    const failing: Launch = { ...launch, status: 'pending', idx: 0, clock: 0, phases: [], events: [], jobId: null, failAt: { phase: 'validation', message: 'bad input', issues: [] } };
    advanceLaunch(failing, 10_000);
    expect(failing.status).toBe('failed');
    expect(failing.jobId).toBeNull();
  });

  it('parses cron expressions and finds the next run time (UTC)', () => {
    const t = Date.parse('2026-07-14T10:07:30Z');
    expect(new Date(parseCron('* * * * *').next(t)).toISOString()).toBe('2026-07-14T10:08:00.000Z');
    expect(new Date(parseCron('*/15 * * * *').next(t)).toISOString()).toBe('2026-07-14T10:15:00.000Z');
    expect(new Date(parseCron('0 2 * * *').next(t)).toISOString()).toBe('2026-07-15T02:00:00.000Z');
    expect(new Date(parseCron('30 9 * * 1-5').next(Date.parse('2026-07-18T12:00:00Z'))).toISOString()).toBe('2026-07-20T09:30:00.000Z');
    expect(() => parseCron('61 * * * *')).toThrow(/out of range/);
    expect(() => parseCron('* * *')).toThrow(/5 fields/);
  });

  it('matches trigger filters: exact values, lists, prefix and contains', () => {
    expect(filterMatches(undefined, { a: 1 })).toBe(true);
    expect(filterMatches({ a: 1 }, { a: 1 })).toBe(true);
    expect(filterMatches({ a: 1 }, { a: 2 })).toBe(false);
    expect(filterMatches({ a: [1, 2] }, { a: 2 })).toBe(true);
    expect(filterMatches({ f: { prefix: 'inbox/' } }, { f: 'inbox/x' })).toBe(true);
    expect(filterMatches({ f: { prefix: 'inbox/' } }, { f: 'out/x' })).toBe(false);
    expect(filterMatches({ f: { contains: 'pdf' } }, { f: 'a.pdf' })).toBe(true);
  });

  it('reads zip entries (stored) for bundle checks', () => {
    const zip = storedZip({ 'a.txt': 'hi' });
    const entries = listZip(zip);
    expect(entries.map((e) => e.name)).toEqual(['a.txt']);
    expect(readZipEntry(zip, entries[0]).toString()).toBe('hi');
    expect(() => listZip(Buffer.from('not a zip at all, not at all'))).toThrow(/not a zip/);
  });
});
