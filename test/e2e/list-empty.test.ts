/**
 * e2e: an empty list leaves stdout empty and says so on stderr ("No resources found."); `job list`
 * says when finished jobs are hidden and how to show them. Structured output keeps its usual shape.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { startMock, type MockHandle } from '../../src/mock/server.js';
import { cleanEnv, mockFlags, runCli, tmp } from '../helpers.js';

const mocks: MockHandle[] = [];

/** A mock whose mn world starts with these jobs. */
async function mockWith(seedJobs: { completed: number; failed: number; cancelled: number; running: number }): Promise<MockHandle> {
  const file = join(tmp('list-empty'), 'scenario.yaml');
  writeFileSync(file, stringify({ name: 'list-empty', seed: 5, mn: { seed_jobs: seedJobs } }));
  const m = await startMock({ scenario: file, portBase: 0, env: {} });
  mocks.push(m);
  return m;
}

let finished4: MockHandle;
let finished1: MockHandle;
let none: MockHandle;

const cli = (m: MockHandle, args: string[]) => runCli([...args, ...mockFlags(m.urls)], { env: cleanEnv() });

beforeAll(async () => {
  finished4 = await mockWith({ completed: 3, failed: 1, cancelled: 0, running: 0 });
  finished1 = await mockWith({ completed: 1, failed: 0, cancelled: 0, running: 0 });
  none = await mockWith({ completed: 0, failed: 0, cancelled: 0, running: 0 });
}, 60_000);

afterAll(async () => {
  for (const m of mocks) await m.close();
});

describe('job list with only finished jobs', { timeout: 120_000 }, () => {
  it('says how many finished jobs are hidden and how to show them, on stderr', async () => {
    const r = await cli(finished4, ['job', 'list']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('No active jobs; 4 finished jobs are hidden (show them with --all).\n');
    const all = await cli(finished4, ['job', 'list', '--all', '-o', 'name']);
    expect(all.stdout.trim().split('\n')).toHaveLength(4);
  });

  it('one finished job: singular', async () => {
    const r = await cli(finished1, ['job', 'list']);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('No active jobs; 1 finished job is hidden (show it with --all).\n');
  });

  it('-o name: nothing on stdout, the note on stderr', async () => {
    const r = await cli(finished4, ['job', 'list', '-o', 'name']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('4 finished jobs are hidden');
  });

  it('-o json: the usual empty shape on stdout, nothing on stderr', async () => {
    const r = await cli(finished4, ['job', 'list', '-o', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ data: [] });
    expect(r.stderr).toBe('');
  });

  it('no jobs at all: "No resources found." on stderr', async () => {
    const r = await cli(none, ['job', 'list']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('No resources found.\n');
    const all = await cli(none, ['job', 'list', '--all']);
    expect(all.stdout).toBe('');
    expect(all.stderr).toBe('No resources found.\n');
  });
});

describe('every empty list', { timeout: 120_000 }, () => {
  it('"No resources found." goes to stderr, never stdout, in table, wide and name formats', async () => {
    for (const args of [
      ['envelope', 'list', '--status', 'paused'],
      ['envelope', 'list', '--status', 'paused', '-o', 'wide'],
      ['envelope', 'list', '--status', 'paused', '-o', 'name'],
      ['schedule', 'list', '--status', 'completed'],
    ]) {
      const r = await cli(none, args);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stdout, args.join(' ')).toBe('');
      expect(r.stderr, args.join(' ')).toBe('No resources found.\n');
    }
  });

  it('-o json and -o yaml keep the command\'s usual shape and say nothing on stderr', async () => {
    const j = await cli(none, ['envelope', 'list', '--status', 'paused', '-o', 'json']);
    expect(JSON.parse(j.stdout)).toMatchObject({ messages: [] });
    expect(j.stderr).toBe('');
    const y = await cli(none, ['schedule', 'list', '--status', 'completed', '-o', 'yaml']);
    expect(y.stdout).not.toBe('');
    expect(y.stdout).not.toContain('No resources found');
    expect(y.stderr).toBe('');
  });
});
