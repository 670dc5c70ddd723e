/**
 * Every command that writes a file (profiles, flame graphs, artifacts, videos): an existing file is
 * never replaced without --force (exit 2, the file untouched), --force replaces it, and no write
 * leaves a temporary file behind, even when the download is interrupted halfway.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type MockHandle } from '../../src/mock/server.js';
import { loadScenario } from '../../src/mock/scenario.js';
import { BIN, cleanEnv, mockFlags, runCli, tmp } from '../helpers.js';

let mock: MockHandle;
let slow: MockHandle;
const ids = { run: '', videoRun: '', slowVideoRun: '', proc: '', grid: '', profile: '' };

const env = () => cleanEnv({ GRID_TOKEN: 'dev' });
const cli = (args: string[], h = mock) => runCli([...args, ...mockFlags(h.urls)], { env: env(), timeoutMs: 60_000 });

interface Writer {
  name: string;
  /** The command, writing to `file`. */
  args: (file: string) => string[];
  /** How the written file starts. */
  magic: (bytes: Buffer) => boolean;
}

const WRITERS: Writer[] = [
  { name: 'pprof capture -f', args: (f) => ['pprof', 'capture', '--client', ids.grid, '--profile', 'heap', '-f', f], magic: (b) => b[0] === 0x1f && b[1] === 0x8b },
  { name: 'pprof flamegraph -f', args: (f) => ['pprof', 'flamegraph', ids.profile, '-f', f], magic: (b) => b.toString('utf8', 0, 200).includes('<svg') },
  { name: 'pyspy flamegraph -f', args: (f) => ['pyspy', 'flamegraph', ids.proc, '--duration', '1', '-f', f], magic: (b) => b.toString('utf8', 0, 200).includes('<svg') },
  { name: 'run artifact -O', args: (f) => ['run', 'artifact', ids.run, '-O', f], magic: (b) => b[0] === 0x7b },
  { name: 'run ui --video', args: (f) => ['run', 'ui', ids.videoRun, '--video', f], magic: (b) => b.toString('latin1', 4, 8) === 'ftyp' },
];

const leftovers = (dir: string) => readdirSync(dir).filter((n) => n.startsWith('.'));

beforeAll(async () => {
  const s = loadScenario('healthy');
  s.clock_speed = 20;
  const trickle = loadScenario('healthy');
  trickle.faults = [{ backend: 'mn', route: '^GET /api/v1/runs/[^/]+/ui/video$', slow_body_bps: 8 * 1024 }];
  [mock, slow] = await Promise.all([startMock({ scenario: s, portBase: 0 }), startMock({ scenario: trickle, portBase: 0 })]);
  const json = async (args: string[], h = mock) => {
    const r = await cli([...args, '-o', 'json'], h);
    expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    return JSON.parse(r.stdout);
  };
  const jobs = (await json(['job', 'list', '--all'])).data as { job_id: string; status: string }[];
  const completed = jobs.find((j) => j.status === 'completed')!;
  ids.run = (await json(['job', 'get', completed.job_id])).job.run_id;
  // a launch of the video blueprint makes a run with a video
  ids.videoRun = (await json(['blueprint', 'run', 'video_highlights_assistant'])).run_id;
  ids.slowVideoRun = (await json(['blueprint', 'run', 'video_highlights_assistant'], slow)).run_id;
  ids.grid = s.grid.nodes[0].id;
  const walk = (await cli(['mesh', 'walk', '-o', 'json'])).stdout.trim().split('\n').map((l) => JSON.parse(l));
  ids.proc = walk.find((n) => 'Proc' in n.properties && n.properties.Proc.proc_name !== 'service' && n.properties.Proc.num_actors > 0).identity;
  ids.profile = join(tmp('files-input'), 'heap.pb.gz');
  expect((await cli(['pprof', 'capture', '--client', ids.grid, '--profile', 'heap', '-f', ids.profile])).code).toBe(0);
}, 60_000);

afterAll(async () => {
  await Promise.all([mock?.close(), slow?.close()]);
});

describe.each(WRITERS.map((w) => [w.name, w] as const))('%s', (_name, w) => {
  it('writes a new file, refuses to replace one without --force, replaces it with --force; no temporary file is left', async () => {
    const dir = tmp('files');
    const file = join(dir, 'out.bin');
    const first = await cli(w.args(file));
    expect(first.code, first.stderr).toBe(0);
    expect(w.magic(readFileSync(file))).toBe(true);

    writeFileSync(file, 'precious');
    const again = await cli(w.args(file));
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/^error: .*out\.bin already exists \(file_exists\)$/m);
    expect(again.stderr).toMatch(/^hint: pass --force to overwrite it/m);
    expect(readFileSync(file, 'utf8')).toBe('precious');

    const forced = await cli([...w.args(file), '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(w.magic(readFileSync(file))).toBe(true);
    expect(leftovers(dir)).toEqual([]);
  }, 60_000);
});

describe('an interrupted download', () => {
  it('Ctrl-C halfway through a trickling video: exit 130, no file and no temporary file', async () => {
    const dir = tmp('files-int');
    const file = join(dir, 'video.mp4');
    const child = spawn(process.execPath, [BIN, 'run', 'ui', ids.slowVideoRun, '--video', file, ...mockFlags(slow.urls)], { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    // wait until the temporary file is there and growing
    for (let i = 0; i < 500 && leftovers(dir).length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(leftovers(dir)).toHaveLength(1);
    const code = await new Promise<number | null>((resolve) => {
      child.on('close', resolve);
      child.kill('SIGINT');
    });
    expect(code, stderr).toBe(130);
    expect(stderr).toMatch(/nothing was written|interrupted/);
    expect(existsSync(file)).toBe(false);
    expect(leftovers(dir)).toEqual([]);
  }, 60_000);
});
