#!/usr/bin/env node
// `npm run bench`: performance figures of meshscope on this machine, each with its target.
// Benchmarks print figures and ratios; no test asserts a timing.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = join(ROOT, 'bin', 'meshscope.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 20);

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function timeCommand(args) {
  const times = [];
  for (let i = 0; i < RUNS + 2; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { stdio: 'ignore', env: { ...process.env, NO_COLOR: '1' } });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}`);
    if (i >= 2) times.push(ms); // two warm-up runs
  }
  return median(times);
}

const rows = [];
const base = timeCommand(['-e', '0']);

// ---- start-up: wall time of whole commands against `node -e 0`, measured side by side by
// hyperfine when it is installed (`apt-get install hyperfine`; interleaved runs, so the machine's
// load falls on both alike), else by spawning each in turn. The commands that talk to a server
// run against the mock in this process (fixtures/bench/startup.yaml: one host, answers at once),
// with no contexts file.
async function startupBench() {
  const { spawn } = await import('node:child_process');
  const { pathToFileURL } = await import('node:url');
  const { mkdtempSync, readFileSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { startMock } = await import(pathToFileURL(join(ROOT, 'dist', 'src', 'mock', 'server.js')).href);
  const mock = await startMock({ scenario: join(ROOT, 'fixtures', 'bench', 'startup.yaml'), portBase: 0, env: {} });
  const dir = mkdtempSync(join(tmpdir(), 'meshscope-bench-'));
  const env = { ...process.env, NO_COLOR: '1', MESHSCOPE_CONFIG: join(dir, 'none.yaml') };
  const commands = [
    ['meshscope --version', ['--version'], 1.2],
    ['meshscope --help', ['--help'], 1.5],
    ['meshscope mesh get root -o json', ['mesh', 'get', 'root', '--addr', mock.urls.admin, '-o', 'json'], 2],
    ['meshscope job list', ['job', 'list', '--mn-url', mock.urls.mn], 2],
    ['meshscope envelope list', ['envelope', 'list', '--asya-url', mock.urls.asya], 2],
    ['meshscope agent list', ['agent', 'list', '--astromesh-url', mock.urls.astromesh], 2],
    ['meshscope --diagnose (one host)', ['--addr', mock.urls.admin, '--diagnose'], 2],
  ];
  const run = (cmd, args) =>
    new Promise((resolve, reject) => {
      const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], env });
      let err = '';
      child.stderr.setEncoding('utf8').on('data', (d) => (err += d));
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} exited ${code}: ${err.slice(0, 300)}`))));
    });
  const q = (a) => `'${a.replace(/'/g, "'\\''")}'`;
  const out = [];
  try {
    let times;
    const hyperfine = spawnSync('sh', ['-c', 'command -v hyperfine'], { stdio: 'ignore' }).status === 0;
    if (hyperfine) {
      const json = join(dir, 'hyperfine.json');
      const all = [`${q(process.execPath)} -e 0`, ...commands.map(([, args]) => [process.execPath, BIN, ...args].map(q).join(' '))];
      await run('hyperfine', ['-N', '--style', 'none', '-w', '3', '-r', String(RUNS), '--export-json', json, ...all]);
      const results = JSON.parse(readFileSync(json, 'utf8')).results;
      times = results.map((r) => r.median * 1000);
    } else {
      const timed = async (args) => {
        const ts = [];
        for (let i = 0; i < RUNS + 2; i++) {
          const t0 = performance.now();
          await run(process.execPath, args);
          if (i >= 2) ts.push(performance.now() - t0);
        }
        return median(ts);
      };
      times = [await timed(['-e', '0'])];
      for (const [, args] of commands) times.push(await timed([BIN, ...args]));
    }
    const anchor = times[0];
    commands.forEach(([label, , target], i) => {
      const ratio = times[i + 1] / anchor;
      out.push({ figure: `${label} vs node -e 0 (${hyperfine ? 'hyperfine' : 'spawn'})`, value: `${times[i + 1].toFixed(1)} ms / ${anchor.toFixed(1)} ms = ${ratio.toFixed(2)}x`, target: `<= ${target}x`, met: ratio <= target });
    });
  } finally {
    await mock.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}
if (process.env.BENCH_SKIP_STARTUP !== '1') rows.push(...(await startupBench()));

// ---- diagnose: `meshscope --addr URL --diagnose` spawned as a user runs it (start-up included)
// over a mesh of about 900 nodes that it probes node by node, against the mock (in this process)
// answering each resolve in 20 ms with a server limit of 2 (the real default) and of 16; then the
// limit of 16 behind a listen backlog of 2 (a server slow to accept: connection attempts beyond
// it are dropped, and the client's kernel retries them a second later). The bound is
// probes x latency / limit. The mock counts the requests, the 503 refusals, the most requests in
// flight at once and the connections opened. First, the start-up alone: from the spawn of
// `--diagnose` to its first request at a server, against `node -e 0`. Beside the limit of 16, what
// the machine allows: the same GETs from a bare node process that loads only undici's pool.
// Scenarios: fixtures/bench/diagnose-*.yaml.
async function diagnoseBench() {
  const { spawn } = await import('node:child_process');
  const { pathToFileURL } = await import('node:url');
  const { startMock } = await import(pathToFileURL(join(ROOT, 'dist', 'src', 'mock', 'server.js')).href);
  const LATENCY = 20;
  const N = Number(process.env.BENCH_DIAGNOSE_RUNS ?? 5);
  const diagnose = (url) =>
    new Promise((resolve, reject) => {
      const t0 = performance.now();
      const child = spawn(process.execPath, [BIN, '--addr', url, '--diagnose'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
      const out = [];
      let stderr = '';
      child.stdout.on('data', (d) => out.push(d));
      child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
      child.on('close', (code) => {
        const ms = performance.now() - t0;
        let report;
        try {
          report = JSON.parse(Buffer.concat(out).toString('utf8'));
        } catch {
          return reject(new Error(`meshscope --diagnose exited ${code} without a report: ${stderr.slice(0, 500)}`));
        }
        if (code !== 0 || !report.summary.healthy) return reject(new Error(`meshscope --diagnose exited ${code}: the bench mesh should be healthy`));
        resolve({ ms, probes: report.checks.length, refs: report.checks.map((c) => c.reference) });
      });
    });
  /** N timed runs (after one to warm the file cache) against a mock of `name`; the median run, with what the mock counted. */
  /**
   * What the machine allows: a node process that loads only undici's pool and GETs the same
   * references `limit` at a time (no walk, no CLI), spawned the same way; the median of `runs`.
   */
  const bareLoop = async (url, refs, limit, runs) => {
    const { writeFileSync, mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'meshscope-bench-'));
    const script = join(dir, 'loop.cjs');
    const undici = (p) => JSON.stringify(join(ROOT, 'node_modules', 'undici', 'lib', p));
    writeFileSync(
      script,
      `const Agent = require(${undici('dispatcher/agent.js')}); const request = require(${undici('api/api-request.js')});
const refs = ${JSON.stringify(refs)}; const agent = new Agent({ connections: ${limit} }); let next = 0;
(async () => {
  await Promise.all(Array.from({ length: ${limit} }, async () => {
    while (next < refs.length) {
      const r = await request.call(agent, { origin: ${JSON.stringify(url)}, path: '/v1/' + encodeURIComponent(refs[next++]), method: 'GET' });
      JSON.parse(await r.body.text());
    }
  }));
  await agent.close();
})();
`,
    );
    try {
      const times = [];
      for (let i = 0; i < runs + 1; i++) {
        const t0 = performance.now();
        await new Promise((r) => spawn(process.execPath, [script], { stdio: 'ignore' }).on('close', r));
        if (i > 0) times.push(performance.now() - t0);
      }
      return median(times);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  const measure = async (name, runs, floor = false) => {
    const mock = await startMock({ scenario: join(ROOT, 'fixtures', 'bench', `${name}.yaml`), portBase: 0, only: ['admin'] });
    try {
      const route = () => mock.stats.routes.get('admin GET /v1/{*reference}') ?? { requests: 0, statuses: {} };
      const ep = () => mock.stats.endpoints.admin;
      await diagnose(mock.urls.admin);
      const all = [];
      for (let i = 0; i < runs; i++) {
        const before = { requests: route().requests, refused: route().statuses[503] ?? 0, connections: ep().connections };
        ep().peakInflight = ep().inflight;
        const r = await diagnose(mock.urls.admin);
        all.push({ ...r, requests: route().requests - before.requests, refused: (route().statuses[503] ?? 0) - before.refused, connections: ep().connections - before.connections, peak: ep().peakInflight });
      }
      const median = { ...all.sort((a, b) => a.ms - b.ms)[Math.floor(all.length / 2)], limit: mock.scenario.admin.resolve_limit };
      if (floor) median.floor = await bareLoop(mock.urls.admin, median.refs, median.limit, runs);
      return median;
    } finally {
      await mock.close();
    }
  };
  /** Milliseconds from the spawn of `--diagnose` to its first request (a server that answers 404). */
  const startUp = async () => {
    const { createServer } = await import('node:http');
    let arrived;
    const server = createServer((req, res) => {
      arrived?.(performance.now());
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"code":"not_found","message":"not found"}}');
    });
    await new Promise((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${server.address().port}`;
    const times = [];
    try {
      for (let i = 0; i < RUNS + 2; i++) {
        const first = new Promise((r) => (arrived = r));
        const t0 = performance.now();
        const child = spawn(process.execPath, [BIN, '--addr', url, '--diagnose'], { stdio: 'ignore', env: { ...process.env, NO_COLOR: '1' } });
        const t1 = await first;
        arrived = undefined;
        await new Promise((r) => child.on('close', r));
        if (i >= 2) times.push(t1 - t0);
      }
    } finally {
      server.close();
    }
    return median(times);
  };
  const out = [];
  const start = await startUp();
  out.push({ figure: 'diagnose start-up: spawn to first request vs node -e 0', value: `${start.toFixed(1)} ms / ${base.toFixed(1)} ms = ${(start / base).toFixed(2)}x`, target: '-', met: true });
  for (const [name, label] of [
    ['diagnose-limit2', 'limit 2'],
    ['diagnose-limit16', 'limit 16'],
    ['diagnose-limit16-backlog2', 'limit 16, listen backlog 2'],
  ]) {
    const m = await measure(name, N, name === 'diagnose-limit16');
    const bound = (m.probes * LATENCY) / m.limit;
    const ratio = m.ms / bound;
    out.push({
      figure: `diagnose ${m.probes} probes, ${LATENCY} ms, ${label}: time / bound`,
      value: `${m.ms.toFixed(0)} ms / ${bound.toFixed(0)} ms = ${ratio.toFixed(2)}x (${m.requests} requests, ${m.refused} x 503, at most ${m.peak} in flight, ${m.connections} connections)`,
      target: '<= 1.2x',
      met: ratio <= 1.2,
    });
    if (m.floor !== undefined) {
      out.push({ figure: `  the same ${m.probes} GETs, ${m.limit} at a time, from a bare node + undici process`, value: `${m.floor.toFixed(0)} ms / ${bound.toFixed(0)} ms = ${(m.floor / bound).toFixed(2)}x`, target: '-', met: true });
    }
  }
  return out;
}
if (process.env.BENCH_SKIP_DIAGNOSE !== '1') rows.push(...(await diagnoseBench()));

// ---- mesh walk: `meshscope mesh walk -o json` (the whole CLI, start-up included) over the
// `large` mesh (10,000+ actors) against a mock with a fixed latency per resolve (10 ms with a
// server limit of 2, the real default; 40 ms with 16, so that the mock's own time per answer on
// a small machine does not dominate); the bound is nodes x latency / limit. Then the peak RSS of
// a streaming walk of a 100,000-node mesh. Scenarios: fixtures/bench/.
async function meshWalkBench() {
  const { spawn } = await import('node:child_process');
  const { createInterface } = await import('node:readline');
  const LATENCY = { 2: 10, 16: 40 };
  const RSS_HOOK = 'data:text/javascript,process.on("exit",()=>process.stderr.write("MESHSCOPE_BENCH_MAXRSS_KB "+process.resourceUsage().maxRSS+"\\n"))';
  const serve = async (name) => {
    const child = spawn(process.execPath, [BIN, 'mock', 'serve', '-o', 'json', '--port-base', '0', '--scenario', join(ROOT, 'fixtures', 'bench', `${name}.yaml`)], { stdio: ['ignore', 'pipe', 'ignore'] });
    const line = await new Promise((resolve, reject) => {
      createInterface({ input: child.stdout }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`mock exited ${code}`)));
    });
    return { url: JSON.parse(line).admin, stop: () => child.kill('SIGTERM') };
  };
  const walk = (url) =>
    new Promise((resolve, reject) => {
      const t0 = performance.now();
      const child = spawn(process.execPath, ['--import', RSS_HOOK, BIN, 'mesh', 'walk', '--addr', url, '-o', 'json'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
      let nodes = 0;
      let stderr = '';
      child.stdout.on('data', (d) => {
        for (let i = d.indexOf(10); i >= 0; i = d.indexOf(10, i + 1)) nodes++;
      });
      child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
      child.on('close', (code) => {
        const ms = performance.now() - t0;
        if (code !== 0) return reject(new Error(`mesh walk exited ${code}: ${stderr.slice(0, 500)}`));
        const m = /MESHSCOPE_BENCH_MAXRSS_KB (\d+)/.exec(stderr);
        resolve({ ms, nodes, rssMb: m ? Number(m[1]) / 1024 : NaN });
      });
    });
  const out = [];
  for (const limit of process.env.BENCH_SKIP_WALK_BOUNDS === '1' ? [] : [2, 16]) {
    const mock = await serve(`walk-limit${limit}`);
    try {
      const r = await walk(mock.url);
      const bound = (r.nodes * LATENCY[limit]) / limit;
      out.push({ figure: `mesh walk large (${r.nodes} nodes, ${LATENCY[limit]} ms) limit ${limit}: time / bound`, value: `${r.ms.toFixed(0)} ms / ${bound.toFixed(0)} ms = ${(r.ms / bound).toFixed(2)}x`, target: '<= 1.3x', met: r.ms / bound <= 1.3 });
    } finally {
      mock.stop();
    }
  }
  const mock = process.env.BENCH_SKIP_WALK_RSS === '1' ? undefined : await serve('walk-100k');
  if (mock) try {
    const r = await walk(mock.url);
    out.push({ figure: `mesh walk -o json of ${r.nodes} nodes (streaming): peak RSS`, value: `${r.rssMb.toFixed(0)} MB (${(r.ms / 1000).toFixed(1)} s)`, target: '<= 100 MB', met: r.nodes >= 100_000 && r.rssMb <= 100 });
  } finally {
    mock.stop();
  }
  out.push(...(await walkCpu(serve)));
  return out;
}

// ---- the CPU a walk costs the client: `meshscope mesh walk -o json` of the large mesh (10,000+
// nodes) answering at once from a mock in a process of its own, user + system CPU of the whole
// process (start-up included), against naive serial clients doing the same job with no
// dependencies (test/bench/naive-walk.py, as issue 17 measured it, and naive-walk.mjs in node).
// The median of 3 runs each. Scenario: fixtures/bench/walk-10k.yaml.
async function walkCpu(serve) {
  const { spawn } = await import('node:child_process');
  /** CPU ms and stdout lines of one run; for python, from the kernel's accounting of the child. */
  const cpuOf = (cmd, args) =>
    new Promise((resolve, reject) => {
      const child = spawn('/usr/bin/time', ['-f', 'MESHSCOPE_BENCH_TIME %U %S', cmd, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
      let lines = 0;
      let stderr = '';
      child.stdout.on('data', (d) => {
        for (let i = d.indexOf(10); i >= 0; i = d.indexOf(10, i + 1)) lines++;
      });
      child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
      child.on('error', reject);
      child.on('close', (code) => {
        const m = /MESHSCOPE_BENCH_TIME ([\d.]+) ([\d.]+)/.exec(stderr);
        if (code !== 0 || !m) return reject(new Error(`${cmd} ${args.join(' ')} exited ${code}: ${stderr.slice(0, 300)}`));
        resolve({ ms: (Number(m[1]) + Number(m[2])) * 1000, lines });
      });
    });
  const out = [];
  if (spawnSync('sh', ['-c', 'test -x /usr/bin/time'], { stdio: 'ignore' }).status !== 0) {
    return [{ figure: 'mesh walk CPU vs a naive client', value: 'skipped: needs /usr/bin/time (apt-get install time)', target: '-', met: true }];
  }
  const python = spawnSync('sh', ['-c', 'command -v python3'], { encoding: 'utf8' }).stdout.trim();
  const mock = await serve('walk-10k');
  try {
    const med = async (cmd, args) => {
      const rs = [];
      for (let i = 0; i < 3; i++) rs.push(await cpuOf(cmd, args));
      return rs.sort((a, b) => a.ms - b.ms)[1];
    };
    const ms = await med(process.execPath, [BIN, 'mesh', 'walk', '--addr', mock.url, '-o', 'json']);
    const naiveNode = await med(process.execPath, [join(ROOT, 'test', 'bench', 'naive-walk.mjs'), mock.url]);
    const naivePy = python ? await med(python, [join(ROOT, 'test', 'bench', 'naive-walk.py'), mock.url]) : undefined;
    for (const [name, n] of [['python', naivePy], ['node', naiveNode]]) {
      if (!n) continue;
      if (n.lines !== ms.lines) throw new Error(`the naive ${name} client printed ${n.lines} nodes, meshscope ${ms.lines}`);
      out.push({
        figure: `mesh walk -o json of ${ms.lines} nodes, 0 ms: client CPU vs a naive serial ${name} client`,
        value: `${ms.ms.toFixed(0)} ms / ${n.ms.toFixed(0)} ms = ${(ms.ms / n.ms).toFixed(2)}x`,
        target: name === 'python' ? '<= 0.5x' : '-',
        met: name === 'python' ? ms.ms / n.ms <= 0.5 : true,
      });
    }
  } finally {
    mock.stop();
  }
  return out;
}
if (process.env.BENCH_SKIP_MESH_WALK !== '1') rows.push(...(await meshWalkBench()));

// ---- the mock's admin server: requests/s on /v1/root against a bare node:http server answering
// the same body, each in a process of its own, loaded by wrk when it is installed (`apt-get
// install wrk`: 1 thread, 16 connections, 5 s) or else by a node process with 16 keep-alive
// requests in flight; the better of 2 alternating runs each. Scenario: fixtures/bench/mock-throughput.yaml.
async function mockThroughputBench() {
  const { spawn } = await import('node:child_process');
  const { createInterface } = await import('node:readline');
  const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'meshscope-bench-'));
  const firstLine = (child) =>
    new Promise((resolve, reject) => {
      createInterface({ input: child.stdout }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`server exited ${code}`)));
    });
  const mockChild = spawn(process.execPath, [BIN, 'mock', 'serve', '-o', 'json', '--port-base', '0', '--scenario', join(ROOT, 'fixtures', 'bench', 'mock-throughput.yaml')], { stdio: ['ignore', 'pipe', 'ignore'] });
  let bareChild;
  try {
    const mockUrl = `${JSON.parse(await firstLine(mockChild)).admin}/v1/root`;
    const body = await (await fetch(mockUrl)).text();
    const bare = join(dir, 'bare.mjs');
    writeFileSync(bare, `import http from 'node:http';\nconst body = ${JSON.stringify(body)};\nconst s = http.createServer((req, res) => { res.writeHead(200, { 'content-type': 'application/json' }); res.end(body); });\ns.listen(0, '127.0.0.1', () => console.log('http://127.0.0.1:' + s.address().port + '/v1/root'));\n`);
    bareChild = spawn(process.execPath, [bare], { stdio: ['ignore', 'pipe', 'ignore'] });
    const bareUrl = await firstLine(bareChild);
    const wrk = spawnSync('sh', ['-c', 'command -v wrk'], { stdio: 'ignore' }).status === 0;
    const loop = join(dir, 'loop.mjs');
    writeFileSync(loop, `import http from 'node:http';\nconst url = new URL(process.argv[2]); const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });\nlet n = 0; const end = Date.now() + 5000;\nconst one = () => new Promise((r, j) => http.get({ host: url.hostname, port: url.port, path: url.pathname, agent }, (res) => { res.resume(); res.on('end', r); }).on('error', j));\nawait Promise.all(Array.from({ length: 16 }, async () => { while (Date.now() < end) { await one(); n++; } }));\nconsole.log('Requests/sec: ' + (n / 5).toFixed(1)); agent.destroy();\n`);
    const rps = (url) =>
      new Promise((resolve, reject) => {
        const child = wrk ? spawn('wrk', ['-t1', '-c16', '-d5s', url], { stdio: ['ignore', 'pipe', 'ignore'] }) : spawn(process.execPath, [loop, url], { stdio: ['ignore', 'pipe', 'ignore'] });
        let text = '';
        child.stdout.setEncoding('utf8').on('data', (d) => (text += d));
        child.on('close', () => {
          const m = /Requests\/sec:\s+([\d.]+)/.exec(text);
          const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(text);
          if (!m) return reject(new Error(`no requests/s from the load generator: ${text.slice(0, 300)}`));
          if (non2xx) return reject(new Error(`${non2xx[1]} answers were not 200 from ${url}`));
          resolve(Number(m[1]));
        });
      });
    let best = { bare: 0, mock: 0 };
    for (let i = 0; i < 2; i++) {
      best.bare = Math.max(best.bare, await rps(bareUrl));
      best.mock = Math.max(best.mock, await rps(mockUrl));
    }
    const ratio = best.mock / best.bare;
    return [{ figure: `mock admin GET /v1/root vs a bare node:http server (${wrk ? 'wrk' : 'node loop'}, 16 connections)`, value: `${best.mock.toFixed(0)} / ${best.bare.toFixed(0)} requests/s = ${ratio.toFixed(2)}x`, target: '>= 0.7x', met: ratio >= 0.7 }];
  } finally {
    mockChild.kill('SIGTERM');
    bareChild?.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}
if (process.env.BENCH_SKIP_MOCK !== '1') rows.push(...(await mockThroughputBench()));

// ---- tui: start to the first painted tree on the `large` mesh (the whole CLI on a pseudo-terminal
// from util-linux `script`, the mock in-process), and key-to-frame latency moving through a
// 10,000-row expanded tree (Ink drawing into an in-memory terminal; nodes answered by the
// simulated world, so the figure is the browser's own work; keys at a 30/s repeat rate).
async function tuiBench() {
  const { spawn } = await import('node:child_process');
  const { EventEmitter } = await import('node:events');
  const { pathToFileURL } = await import('node:url');
  const out = [];
  const ANSI = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07/g;
  const firstPaint = () =>
    new Promise((resolve, reject) => {
      const cmd = `stty rows 50 cols 220; exec '${process.execPath}' '${BIN}' tui --mock --scenario large`;
      const t0 = performance.now();
      const child = spawn('script', ['-q', '-e', '-c', cmd, '/dev/null'], { stdio: ['pipe', 'pipe', 'ignore'], env: { ...process.env, TERM: 'xterm-256color' } });
      let text = '';
      let tree;
      let hosts;
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      child.stdout.on('data', (d) => {
        text += d.toString('utf8').replace(ANSI, '');
        if (tree === undefined && text.includes('Mesh Root (8 hosts)')) tree = performance.now() - t0;
        if (hosts === undefined && text.includes('tcp:10.0.0.8:26600  (7 procs)')) {
          hosts = performance.now() - t0;
          child.stdin.write('q');
        }
        if (text.length > 1e6) text = text.slice(-1e5);
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        if (code !== 0 || tree === undefined || hosts === undefined) reject(new Error(`meshscope tui exited ${code} before drawing the large mesh`));
        else resolve({ tree, hosts });
      });
    });
  if (spawnSync('sh', ['-c', 'command -v script'], { stdio: 'ignore' }).status !== 0) {
    out.push({ figure: 'tui large: start to first painted tree', value: 'skipped: needs `script` (util-linux) for a pseudo-terminal', target: '-', met: true });
  } else {
    await firstPaint(); // warm-up (file cache)
    const runs = [];
    for (let i = 0; i < 5; i++) runs.push(await firstPaint());
    const tree = median(runs.map((r) => r.tree));
    const hosts = median(runs.map((r) => r.hosts));
    out.push({ figure: 'tui large: start to first painted tree / every host labelled', value: `${tree.toFixed(0)} ms / ${hosts.toFixed(0)} ms`, target: '-', met: true });
  }

  // Key-to-frame latency. As `meshscope tui` does: React's production build, and Ink not in CI
  // mode (where it draws nothing until exit).
  process.env.NODE_ENV ??= 'production';
  delete process.env.CI;
  delete process.env.CONTINUOUS_INTEGRATION;
  const dist = (p) => import(pathToFileURL(join(ROOT, 'dist', 'src', p)).href);
  const [{ render }, React, { App }, { Controller }, { loadScenario }, { World }, { selectRows, rowKey }] = await Promise.all([
    import('ink'),
    import('react'),
    dist('tui/app.js'),
    dist('tui/controller.js'),
    dist('mock/scenario.js'),
    dist('mock/admin/world.js'),
    dist('tui/state.js'),
  ]);
  const sc = loadScenario('large');
  const world = new World(sc.admin, { seed: sc.seed, clock: { now: Date.now }, env: process.env });
  const admin = {
    get: async (ref) => world.resolve(ref) ?? Promise.reject(new Error(`no node ${ref}`)),
    config: async () => ({ entries: [] }),
    pyspy: async () => ({ BinaryNotFound: { searched: [] } }),
  };
  class Term extends EventEmitter {
    isTTY = true;
    columns = 220;
    rows = 50;
    onWrite = undefined;
    write() {
      const f = this.onWrite;
      this.onWrite = undefined;
      f?.(performance.now());
      return true;
    }
  }
  class Keys extends EventEmitter {
    isTTY = true;
    queue = [];
    setRawMode() {}
    setEncoding() {}
    resume() {}
    pause() {}
    ref() {}
    unref() {}
    read() {
      return this.queue.shift() ?? null;
    }
    press(k) {
      this.queue.push(k);
      this.emit('readable');
    }
  }
  const stdout = new Term();
  const stdin = new Keys();
  const c = new Controller({ admin, url: 'http://bench:1729', timers: false, size: { columns: 220, rows: 50 }, diagnose: async () => {}, pyspyLines: () => [] });
  await c.start();
  for (const h of world.hosts) {
    c.dispatch({ type: 'select', key: rowKey(h.ref, 1) });
    c.dispatch({ type: 'toggleExpand' });
    await Promise.all(h.procs.map((p) => c.fetch(p.ref)));
    for (const p of h.procs) {
      c.dispatch({ type: 'select', key: rowKey(p.ref, 2) });
      c.dispatch({ type: 'toggleExpand' });
    }
  }
  c.dispatch({ type: 'home' });
  const rowCount = selectRows(c.state).length;
  const inst = render(React.createElement(App, { controller: c }), { stdout, stdin, stderr: stdout, exitOnCtrlC: false, patchConsole: false, maxFps: 60 });
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  await sleep(200);
  const lat = [];
  const cpu = [];
  const keys = [...Array(200).fill('j'), ...Array(20).fill('\x1b[6~'), 'G', 'g', 'G', ...Array(60).fill('k'), 'g'];
  for (const k of keys) {
    const frame = new Promise((r) => (stdout.onWrite = r));
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    stdin.press(k);
    const t1 = await Promise.race([frame, sleep(2000).then(() => NaN)]);
    const cu = process.cpuUsage(c0);
    lat.push(t1 - t0);
    cpu.push((cu.user + cu.system) / 1000);
    await sleep(Math.max(0, 33 - (performance.now() - t0)));
  }
  inst.unmount();
  c.stop();
  const ok = lat.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  const p95 = ok[Math.floor(ok.length * 0.95)];
  out.push({
    figure: `tui: key-to-frame in a ${rowCount.toLocaleString('en-US')}-row expanded tree (j/k, PgDn, G/g)`,
    value: `median ${median(ok).toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, max ${ok[ok.length - 1].toFixed(1)} ms (CPU median ${median(cpu).toFixed(1)} ms)${ok.length < lat.length ? `, ${lat.length - ok.length} keys without a frame` : ''}`,
    target: '< 50 ms',
    met: ok.length === lat.length && median(ok) < 50,
  });
  return out;
}
if (process.env.BENCH_SKIP_TUI !== '1') rows.push(...(await tuiBench()));

const w = [Math.max(...rows.map((r) => r.figure.length)), Math.max(...rows.map((r) => r.value.length)), 8];
console.log(`meshscope benchmarks (node ${process.version}, ${RUNS} runs each, median)\n`);
console.log(`${'FIGURE'.padEnd(w[0])}  ${'VALUE'.padEnd(w[1])}  ${'TARGET'.padEnd(w[2])}  MET`);
for (const r of rows) console.log(`${r.figure.padEnd(w[0])}  ${r.value.padEnd(w[1])}  ${r.target.padEnd(w[2])}  ${r.met ? 'yes' : 'NO'}`);
