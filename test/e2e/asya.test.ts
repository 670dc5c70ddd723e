/** e2e: `meshscope envelope ...` against the asya mock (--mock, or one mock shared by the commands); the built bin where the test is about the process (signals, a terminal). */
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MockHandle } from '../../src/mock/server.js';
import { BIN, cleanEnv, runCli, startTestMock, tmp } from '../helpers.js';

const hasScript = spawnSync('script', ['--version']).status === 0;
const dir = tmp('asya-e2e');
const scenarioFile = join(dir, 'asya.yaml');
writeFileSync(
  scenarioFile,
  `name: asya-e2e
seed: 3
asya:
  keepalive_s: 0.2
  backstop_interval_s: 0.1
  history: 5
  actors:
    - { name: echo, text: 'hello from the mesh', pickup_ms: 10, token_ms: 5, await_subscriber_ms: 5000 }
    - { name: failer, text: 'trying hard', outcome: failed, error: 'boom: model refused', pickup_ms: 10, token_ms: 5, await_subscriber_ms: 5000 }
    - { name: cutter, text: 'one two three four five six seven eight nine ten', pickup_ms: 10, token_ms: 40, await_subscriber_ms: 5000, cut_stream: { after_events: 4, times: 1 } }
    - { name: stuck, text: 'started', outcome: hang, pickup_ms: 10, token_ms: 5 }
`,
);

/** Spawn the built CLI; `ready` resolves once stderr matches `until`, `done` with the exit code and output. */
function spawnCli(args: string[], until: RegExp) {
  const child = spawn(process.execPath, [BIN, ...args], { env: cleanEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
  const out = { stdout: '', stderr: '' };
  child.stdout.setEncoding('utf8').on('data', (d) => (out.stdout += d));
  child.stderr.setEncoding('utf8');
  const ready = new Promise<void>((resolve) =>
    child.stderr.on('data', (d) => {
      out.stderr += d;
      if (until.test(out.stderr)) resolve();
    }),
  );
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((r) => child.on('close', (code) => r({ code, ...out })));
  child.stdin.end();
  return { child, ready, done, out };
}

const mockRun = (args: string[], opts: { input?: string } = {}) => runCli([...args, '--mock', '--scenario', scenarioFile], opts);

describe('envelope send --watch (--mock)', () => {
  it('prints the fly tokens to stdout and exits 0 on succeeded', async () => {
    const r = await mockRun(['envelope', 'send', 'echo', '--payload', '{"query":"hi"}', '--watch']);
    expect(r.stderr).toMatch(/envelope [0-9a-f-]{36} succeeded/);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(r.stdout).toBe('hello from the mesh\n');
    expect(r.stderr).toMatch(/^running 0% \[echo\]/m);
  });

  it('exits 1 on failed, with the error on stderr', async () => {
    const r = await mockRun(['envelope', 'send', 'failer', '--watch']);
    expect(r.code, r.stderr + r.stdout).toBe(1);
    expect(r.stdout).toBe('trying hard\n');
    expect(r.stderr).toMatch(/failed: boom: model refused/);
  });

  it('reconnects when the stream is cut mid-way, says so, and still ends right', async () => {
    const r = await mockRun(['envelope', 'send', 'cutter', '--watch']);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(r.stderr).toMatch(/event stream of [0-9a-f-]{36} dropped .*reconnecting in [\d.]+ s \(attempt 1\)/);
    expect(r.stderr).toMatch(/reconnected/);
    expect(r.stderr).toMatch(/succeeded$/m);
    // Fly text sent while the stream was down is not replayed (the server never stores it).
    expect(r.stdout).toMatch(/^one .*ten\n$/);
  });

  it('fails with "task timed out" when the envelope outlives --task-timeout', async () => {
    const r = await mockRun(['envelope', 'send', 'stuck', '--task-timeout', '1', '--watch']);
    expect(r.code, r.stderr + r.stdout).toBe(1);
    expect(r.stderr).toMatch(/failed: task timed out/);
  });

  it('streams NDJSON events under -o json: created, catch-up, fly tokens, the final status', async () => {
    const r = await mockRun(['envelope', 'send', 'echo', '--payload', '-', '--watch', '-o', 'json'], { input: '{"from":"stdin"}' });
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const events = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(events[0]).toMatchObject({ event: 'created', actor: 'echo' });
    expect(events[1]).toMatchObject({ event: 'status', status: 'pending', catch_up: true, data: { payload: { from: 'stdin' } } });
    expect(events.filter((e) => e.event === 'fly').map((e) => e.data.text).join('')).toBe('hello from the mesh');
    expect(events.at(-1)).toMatchObject({ event: 'status', status: 'succeeded' });
    expect(new Set(events.map((e) => e.id)).size).toBe(1);
  });

  it('rejects a bad payload, header or task timeout with exit 2 before sending', async () => {
    const bad = await mockRun(['envelope', 'send', 'echo', '--payload', '{query: hi}']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--payload is not valid JSON/);
    expect(bad.stderr).toMatch(/hint: .*@file/);
    expect((await mockRun(['envelope', 'send', 'echo', '--header', 'novalue'])).code).toBe(2);
    expect((await mockRun(['envelope', 'send', 'echo', '--task-timeout', 'soon'])).code).toBe(2);
  });

  it('answers 400 for a missing actor with the server\'s message and exit 2', async () => {
    const r = await mockRun(['envelope', 'send', '']);
    expect(r.code, r.stderr + r.stdout).toBe(2);
    expect(r.stderr).toMatch(/error: actor query parameter required \(bad_request\)/);
  });

  it('keeps envelope health working', async () => {
    const r = await mockRun(['envelope', 'health', '-o', 'json']);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(JSON.parse(r.stdout).map((x: { port: string; ok: boolean }) => [x.port, x.ok])).toEqual([
      ['external', true],
      ['internal', true],
    ]);
  });
});

describe('envelope commands against a shared mock', () => {
  let mock: MockHandle;
  let ep: string[];
  const cli = (args: string[], opts: { input?: string } = {}) => runCli([...ep, ...args], opts);
  const send = async (actor: string, extra: string[] = []) => {
    const r = await cli(['envelope', 'send', actor, ...extra]);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    return r.stdout.trim();
  };

  beforeAll(async () => {
    mock = await startTestMock({ scenario: scenarioFile });
    ep = ['--asya-url', mock.urls.asya, '--asya-internal-url', mock.urls.asyaInternal];
  });
  afterAll(async () => {
    await mock?.close();
  });

  it('send prints the id; get shows the stored envelope with the gateway header and deadline', async () => {
    const id = await send('manual', ['--payload', '{"q":1}', '--header', 'trace_id=abc', '--task-timeout', '600']);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const r = await cli(['envelope', 'get', id, '-o', 'json']);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const env = JSON.parse(r.stdout);
    expect(env).toMatchObject({ id, status: 'pending', data: { actor: 'manual', payload: { q: 1 }, headers: { trace_id: 'abc', 'x-asya-gateway-url': mock.urls.asyaInternal } } });
    expect(env.data.deadline_at).toMatch(/Z$/);
    const table = await cli(['envelope', 'get', id]);
    expect(table.stdout).toMatch(/^status: +pending$/m);
  });

  it('ignores a stale running published after succeeded (204) and says so', async () => {
    const id = await send('manual');
    const ok = await cli(['envelope', 'publish', id, '--status', 'succeeded', '--data', '{"result":{"answer":42}}']);
    expect(ok.code).toBe(0);
    expect(ok.stdout.trim()).toBe(`envelope/${id} succeeded`);
    const stale = await cli(['envelope', 'publish', id, '--status', 'running', '--progress', '10']);
    expect(stale.code).toBe(0);
    expect(stale.stderr).toMatch(/ignored the stale "running" status.*stays succeeded/);
    const raw = await fetch(`${mock.urls.asyaInternal}/api/v1/mesh/${id}/events`, { method: 'POST', body: '{"type":"status","status":"running"}' });
    expect(raw.status).toBe(204);
    const env = JSON.parse((await cli(['envelope', 'get', id, '-o', 'json'])).stdout);
    expect(env.status).toBe('succeeded');
    expect(env.data.result).toEqual({ answer: 42 });
  });

  it('drives an unconsumed envelope by hand while `envelope watch` follows it', async () => {
    const id = await send('manual');
    let shownPending!: () => void;
    const pending = new Promise<void>((r) => (shownPending = r));
    const watching = { done: runCli([...ep, 'envelope', 'watch', id], { onOutput: (out) => /^pending/m.test(out.stderr) && shownPending() }) };
    await Promise.race([pending, watching.done]);
    expect((await cli(['envelope', 'publish', id, '--status', 'running', '--progress', '50', '--message', 'halfway'])).code).toBe(0);
    expect((await cli(['envelope', 'publish', id, '--fly', 'by hand'])).code).toBe(0);
    expect((await cli(['envelope', 'publish', id, '--status', 'failed', '--data', '{"error":"stopped by hand"}'])).code).toBe(0);
    const w = await watching.done;
    expect(w.code).toBe(1);
    expect(w.stderr).toMatch(/running 50% halfway/);
    expect(w.stderr).toMatch(/failed: stopped by hand/);
    expect(w.stdout).toContain('by hand');
  });

  it('cancel twice is fine (204 both times) and the envelope ends canceled', async () => {
    const id = await send('manual');
    const first = await cli(['envelope', 'cancel', id]);
    expect(first.code).toBe(0);
    expect(first.stdout.trim()).toBe(`envelope/${id} canceled`);
    const second = await cli(['envelope', 'cancel', id]);
    expect(second.code).toBe(0);
    for (let i = 0; i < 2; i++) expect((await fetch(`${mock.urls.asya}/api/v1/mesh/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect(JSON.parse((await cli(['envelope', 'get', id, '-o', 'json'])).stdout).status).toBe('canceled');
    const watched = await cli(['envelope', 'watch', id]);
    expect(watched.code).toBe(1);
    expect(watched.stderr).toMatch(/canceled/);
  });

  it('lists newest first with total, pages with --all, filters by status', async () => {
    const a = await send('manual');
    const b = await send('manual');
    const page = JSON.parse((await cli(['envelope', 'list', '--limit', '2', '-o', 'json'])).stdout);
    expect(page.messages.map((m: { id: string }) => m.id)).toEqual([b, a]);
    expect(page.total).toBeGreaterThan(2);
    const all = JSON.parse((await cli(['envelope', 'list', '--all', '--limit', '3', '-o', 'json'])).stdout);
    expect(all.messages).toHaveLength(page.total);
    expect(new Set(all.messages.map((m: { id: string }) => m.id)).size).toBe(page.total);
    const table = await cli(['envelope', 'list', '--limit', '2']);
    expect(table.stdout.split('\n')[0]).toMatch(/^ID +ACTOR +STATUS +PROGRESS +AGE$/);
    expect(table.stderr).toMatch(/showing 1-2 of \d+; --all/);
    const names = await cli(['envelope', 'list', '--status', 'pending', '-o', 'name', '--all']);
    expect(names.stdout).toContain(`envelope/${a}`);
    const bad = await cli(['envelope', 'list', '--status', 'done']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/hint: use one of: pending, running/);
  });

  it('maps the error answers: 404 text/plain body (exit 3), 405 on the wrong port (exit 2)', async () => {
    const raw = await fetch(`${mock.urls.asya}/api/v1/mesh/nope`);
    expect(raw.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await raw.text()).toBe('{"error":"not found"}\n');
    const missing = await cli(['envelope', 'get', 'nope']);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/^error: not found \(not_found\)$/m);
    expect((await cli(['envelope', 'watch', 'nope'])).code).toBe(3);
    expect((await cli(['envelope', 'cancel', 'nope'])).code).toBe(3);
    const id = await send('manual');
    // Publishing to the external port: its mux knows the path, not the method.
    const wrong = await runCli(['--asya-internal-url', mock.urls.asya, 'envelope', 'publish', id, '--status', 'running']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/method not allowed \(method_not_allowed\)/);
    expect(wrong.stderr).toMatch(/hint: .*wrong port/);
    // Watching on the internal port.
    const wrongWatch = await runCli(['--asya-url', mock.urls.asyaInternal, 'envelope', 'watch', id]);
    expect(wrongWatch.code).toBe(2);
    expect(wrongWatch.stderr).toMatch(/method not allowed/);
  });

  it.skipIf(!hasScript)('on Ctrl-C on a terminal offers to cancel, and cancels on "y"', async () => {
    // util-linux `script` gives the CLI a pseudo-terminal; Ctrl-C typed into it becomes SIGINT.
    const cmd = [process.execPath, BIN, '--no-color', ...ep, 'envelope', 'send', 'manual', '--watch'].map((a) => `'${a}'`).join(' ');
    const child = spawn('script', ['-qfec', cmd, '/dev/null'], { env: cleanEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    let screen = '';
    const waitFor = (re: RegExp) =>
      new Promise<void>((resolve) => {
        const check = () => re.test(screen) && resolve();
        child.stdout.on('data', check);
        check();
      });
    child.stdout.setEncoding('utf8').on('data', (d) => (screen += d));
    const exit = new Promise<number | null>((r) => child.on('close', r));
    await waitFor(/^pending/m);
    child.stdin.write('\x03');
    await waitFor(/\[y\/N\]/);
    child.stdin.write('y\n');
    expect(await exit).toBe(130);
    const id = /envelope ([0-9a-f-]{36}) sent/.exec(screen)![1];
    expect(screen).toMatch(new RegExp(`envelope ${id} canceled`));
    expect(JSON.parse((await cli(['envelope', 'get', id, '-o', 'json'])).stdout).status).toBe('canceled');
  });

  it('on Ctrl-C without a terminal exits 130 and says how to cancel', async () => {
    const run = spawnCli([...ep, 'envelope', 'send', 'manual', '--watch'], /^pending/m);
    await run.ready;
    run.child.kill('SIGINT');
    const { code, stderr } = await run.done;
    expect(code).toBe(130);
    const id = /envelope ([0-9a-f-]{36}) sent/.exec(stderr)![1];
    expect(stderr).toContain(`cancel it with: meshscope envelope cancel ${id}`);
    expect(JSON.parse((await cli(['envelope', 'get', id, '-o', 'json'])).stdout).status).toBe('pending');
  });
});
