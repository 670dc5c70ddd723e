/** The run store: result, artifacts, outputs, events, logs, timeline, observability, the SSE stream, resources, human reviews, the UI (§2.7). */
import type { ServerResponse } from 'node:http';
import { isTerminalJobStatus } from '../../../vocab/mn.js';
import type { Channel, Job } from '../jobs.js';
import type { MockRequest } from '../../router.js';
import { detail, durationMs, intParam, iso, jsonBody, LEVELS, numParam, ok, pydantic, type MnApi } from './common.js';

export function runsRoutes(api: MnApi): void {
  const { ctx, world, route, openStream, basePath, runOr404, artifactRefs } = api;

  route('GET', '/runs/{run_id}/result', (req, res) => {
    const job = runOr404(req.params.run_id);
    if (job.status !== 'completed') throw detail(404, 'result not found');
    ok(res, world.runtime.result(job));
  });

  route('GET', '/runs/{run_id}/final-artifact', (req, res) => {
    const job = runOr404(req.params.run_id);
    if (job.status !== 'completed') throw detail(404, 'final artifact not found');
    ok(res, world.runtime.finalArtifact(job));
  });

  route('GET', '/runs/{run_id}/artifacts', (req, res) => {
    const job = runOr404(req.params.run_id);
    ok(res, { run_id: job.runId, run_dir: `/var/lib/mirror-neuron/runs/${job.runId}`, artifacts: artifactRefs(job, basePath(req)) });
  });

  route('POST', '/runs/{run_id}/artifacts/{*path}/reveal', (req, res) => {
    const job = runOr404(req.params.run_id);
    const f = world.runtime.files(job).get(req.params.path);
    if (!f) throw detail(404, 'artifact not found');
    const path = `/var/lib/mirror-neuron/runs/${job.runId}/${req.params.path}`;
    ok(res, { ok: true, path, folder: path.slice(0, path.lastIndexOf('/')) });
  });

  const sendFile = (req: MockRequest, res: ServerResponse, buf: Buffer, type: string, name: string) => {
    res.writeHead(200, { 'content-type': type, 'content-length': buf.length, 'content-disposition': `attachment; filename="${name}"` });
    if (req.method === 'HEAD') return res.end();
    // in chunks, so a slow-body fault shows progress
    for (let off = 0; off < buf.length; off += 64 * 1024) res.write(buf.subarray(off, off + 64 * 1024));
    res.end();
  };

  route('GET', '/runs/{run_id}/artifacts/{*path}', (req, res) => {
    const job = runOr404(req.params.run_id);
    const rel = req.params.path;
    if (rel.split('/').includes('..')) throw detail(400, 'invalid artifact path');
    const f = world.runtime.files(job).get(rel);
    if (!f) throw detail(404, 'artifact not found');
    sendFile(req, res, f.content(), f.type, rel.split('/').pop()!);
  });

  const outputsOf = (job: Job, base: string) => {
    const files = world.runtime.files(job);
    return ['final_artifact.json', 'outputs/dataset.csv']
      .filter((rel) => files.has(rel))
      .map((rel, i) => {
        const f = files.get(rel)!;
        const buf = f.content();
        return { artifact_id: f.id, name: rel === 'final_artifact.json' ? 'Final report' : 'Dataset', relative_path: rel, path: `/var/lib/mirror-neuron/runs/${job.runId}/${rel}`, size_bytes: buf.length, sha256: world.runtime.sha256(buf), content_type: f.type, url: `${base}/runs/${job.runId}/outputs/${i}`, source: 'run_store', external: false };
      });
  };

  route('GET', '/runs/{run_id}/outputs', (req, res) => {
    const job = runOr404(req.params.run_id);
    ok(res, { run_id: job.runId, run_dir: `/var/lib/mirror-neuron/runs/${job.runId}`, outputs: outputsOf(job, basePath(req)) });
  });

  route('GET', '/runs/{run_id}/outputs/{index}', (req, res) => {
    const job = runOr404(req.params.run_id);
    const out = outputsOf(job, basePath(req))[Number(req.params.index)];
    if (!out) throw detail(404, 'output not found');
    const f = world.runtime.files(job).get(out.relative_path)!;
    sendFile(req, res, f.content(), f.type, out.relative_path.split('/').pop()!);
  });

  const records = (job: Job, channel: Channel) => job.store.filter((r) => r.channel === channel).map((r) => r.data);
  const since = (req: MockRequest) => {
    const raw = req.query.get('since');
    if (!raw) return undefined;
    const t = Date.parse(raw);
    if (Number.isNaN(t)) throw detail(400, `invalid since "${raw}": use an ISO-8601 timestamp`);
    return t;
  };
  const after = (rows: Array<Record<string, unknown>>, t: number | undefined) => (t === undefined ? rows : rows.filter((r) => Date.parse(String(r.ts)) > t));

  route('GET', '/runs/{run_id}/events', (req, res) => {
    const job = runOr404(req.params.run_id);
    const limit = intParam(req, 'limit', 200, 1, 5000);
    const channel = req.query.get('channel') ?? '';
    const rows = channel === 'human' ? records(job, 'human') : records(job, 'events');
    ok(res, { run_id: job.runId, data: rows.slice(-limit) });
  });

  route('GET', '/runs/{run_id}/logs', (req, res) => {
    const job = runOr404(req.params.run_id);
    const limit = intParam(req, 'limit', 200, 1, 5000);
    const level = (req.query.get('level') ?? '').toUpperCase();
    if (level && LEVELS[level] === undefined) throw detail(400, `invalid level "${level}": use DEBUG, INFO, WARN or ERROR`);
    const rows = after(records(job, 'logs'), since(req)).filter((r) => !level || (LEVELS[String(r.level)] ?? 1) >= LEVELS[level]);
    ok(res, { run_id: job.runId, data: rows.slice(-limit) });
  });

  route('GET', '/runs/{run_id}/timeline', (req, res) => {
    const job = runOr404(req.params.run_id);
    const limit = intParam(req, 'limit', 500, 1, 5000);
    ok(res, { run_id: job.runId, data: after(records(job, 'timeline'), since(req)).slice(-limit) });
  });

  route('GET', '/runs/{run_id}/observability-summary', (req, res) => ok(res, world.runtime.observability(runOr404(req.params.run_id))));

  route('GET', '/runs/{run_id}/stream', (req, res) => {
    const job = runOr404(req.params.run_id);
    const interval = numParam(req, 'interval', 1, 0.25, 30);
    const channels = new Set((req.query.get('channels') ?? 'events,logs,human,resources').split(',').map((c) => c.trim()).filter(Boolean));
    for (const c of channels) if (!['events', 'logs', 'human', 'resources', 'timeline'].includes(c)) throw detail(400, `unknown channel "${c}": use events, logs, human, resources, timeline`);
    const level = (req.query.get('level') ?? '').toUpperCase();
    if (level && LEVELS[level] === undefined) throw detail(400, `invalid level "${level}"`);
    let lastSeq = Number(req.headers['last-event-id'] ?? 0) || 0;
    const sse = openStream(res);
    let lastWrite = Date.now();
    const flush = () => {
      for (const r of job.store) {
        if (r.seq <= lastSeq) continue;
        lastSeq = r.seq;
        if (!channels.has(r.channel)) continue;
        if (r.channel === 'logs' && level && (LEVELS[String(r.data.level)] ?? 1) < LEVELS[level]) continue;
        sse.event(r.channel, JSON.stringify(r.data), r.seq);
        lastWrite = Date.now();
      }
    };
    // the run's stream does not end by itself: only the client (or the mock's close) ends it
    const timer = setInterval(() => {
      if (!sse.open) return clearInterval(timer);
      world.tick();
      flush();
      if (Date.now() - lastWrite >= interval * 1000) {
        sse.comment(' heartbeat');
        lastWrite = Date.now();
      }
    }, 100);
    res.on('close', () => clearInterval(timer));
    flush();
  });

  route('GET', '/runs/{run_id}/resources', (req, res) => {
    const job = runOr404(req.params.run_id);
    const windowText = req.query.get('window') ?? '24h';
    const bucketText = req.query.get('bucket') ?? '1h';
    const windowMs = durationMs(windowText, 'window');
    const bucketMs = durationMs(bucketText, 'bucket');
    if (bucketMs > windowMs) throw detail(400, 'bucket must not be longer than window');
    const now = ctx.clock.now();
    const rows = records(job, 'resources').filter((r) => Date.parse(String(r.ts)) >= now - windowMs);
    const llm = (r: Record<string, unknown>) => r.llm as { input_tokens: number; output_tokens: number; total_tokens: number; calls: number };
    const buckets = new Map<number, Array<Record<string, unknown>>>();
    for (const r of rows) {
      const b = Math.floor(Date.parse(String(r.ts)) / bucketMs) * bucketMs;
      buckets.set(b, [...(buckets.get(b) ?? []), r]);
    }
    const cpu = rows.map((r) => Number(r.cpu_pct));
    const mem = rows.map((r) => Number(r.memory_rss_mb));
    ok(res, {
      run_id: job.runId,
      window: windowText,
      bucket: bucketText,
      sample_count: rows.length,
      cpu: { avg_pct: cpu.length ? Math.round(cpu.reduce((a, b) => a + b, 0) / cpu.length) : 0, max_pct: Math.max(0, ...cpu) },
      memory: { max_rss_mb: Math.max(0, ...mem), avg_rss_mb: mem.length ? Math.round(mem.reduce((a, b) => a + b, 0) / mem.length) : 0 },
      gpu: { samples: 0 },
      llm: {
        input_tokens: rows.reduce((a, r) => a + llm(r).input_tokens, 0),
        output_tokens: rows.reduce((a, r) => a + llm(r).output_tokens, 0),
        total_tokens: rows.reduce((a, r) => a + llm(r).total_tokens, 0),
        calls: rows.reduce((a, r) => a + llm(r).calls, 0),
        estimated: true,
      },
      buckets: [...buckets].sort(([a], [b]) => a - b).map(([start, rs]) => ({ start: iso(start), samples: rs.length, total_tokens: rs.reduce((a, r) => a + llm(r).total_tokens, 0), max_memory_rss_mb: Math.max(...rs.map((r) => Number(r.memory_rss_mb))) })),
    });
  });

  route('GET', '/runs/{run_id}/human', (req, res) => {
    const job = runOr404(req.params.run_id);
    const status = req.query.get('status');
    if (status && !['pending', 'answered', 'acknowledged'].includes(status)) throw detail(400, `invalid status "${status}"`);
    ok(res, { run_id: job.runId, data: job.human.filter((h) => !status || h.status === status).map((h) => h.record) });
  });

  route('POST', '/runs/{run_id}/human/{request_id}/response', (req, res) => {
    const job = runOr404(req.params.run_id);
    const body = jsonBody(req);
    if (typeof body.decision !== 'string' || !body.decision) throw pydantic(['body', 'decision'], 'Field required', 'missing');
    const item = job.human.find((h) => h.id === req.params.request_id && h.kind === 'request');
    if (!item) throw detail(404, 'human request not found');
    if (item.status !== 'pending') throw detail(409, `human request ${item.id} was already answered`);
    item.status = 'answered';
    item.record.status = 'answered';
    const now = ctx.clock.now();
    const rec = { ts: iso(now), run_id: job.runId, channel: 'human', type: 'human_input_received', status: 'answered', payload: { request_id: item.id, decision: body.decision, approved: /^(approve|approved|yes|accept)$/i.test(body.decision), notes: typeof body.notes === 'string' ? body.notes : null, reviewer: typeof body.reviewer === 'string' ? body.reviewer : 'api' } };
    world.runtime.append(job, 'human', rec);
    ok(res, rec);
  });

  route('POST', '/runs/{run_id}/human/{notice_id}/ack', (req, res) => {
    const job = runOr404(req.params.run_id);
    const body = jsonBody(req);
    const item = job.human.find((h) => h.id === req.params.notice_id);
    if (!item) throw detail(404, 'human notice not found');
    if (item.status === 'acknowledged') throw detail(409, `notice ${item.id} was already acknowledged`);
    item.status = 'acknowledged';
    item.record.status = 'acknowledged';
    const rec = { ts: iso(ctx.clock.now()), run_id: job.runId, channel: 'human', type: 'human_notice_acknowledged', status: 'acknowledged', payload: { notice_id: item.id, reviewer: typeof body.reviewer === 'string' ? body.reviewer : 'api' } };
    world.runtime.append(job, 'human', rec);
    ok(res, rec);
  });

  route('GET', '/runs/{run_id}/ui', (req, res) => {
    const job = runOr404(req.params.run_id);
    const limit = intParam(req, 'limit', 200, 1, 5000);
    const base = basePath(req);
    ok(res, {
      run_id: job.runId,
      run_dir: `/var/lib/mirror-neuron/runs/${job.runId}`,
      ui: {
        schema_version: 'mn.ui.v1',
        adapter: 'gradio',
        kind: job.video ? 'video_report' : 'report',
        title: `${job.name}`,
        components: [{ type: 'events', source: 'events.jsonl' }, ...(job.video ? [{ type: 'video', url: `${base}/runs/${job.runId}/ui/video` }] : [])],
        metadata: { blueprint_id: job.blueprintId ?? null },
      },
      web_ui: { adapter: 'gradio', kind: 'run', url: `http://localhost:55173/runs/${job.runId}`, title: job.name, path: `/runs/${job.runId}`, status: isTerminalJobStatus(job.status) ? 'stopped' : 'running', metadata: {} },
      job: { job_id: job.id, run_id: job.runId, status: job.status },
      run: world.runtime.runJson(job),
      events: records(job, 'events').slice(-limit),
    });
  });

  route('GET', '/runs/{run_id}/ui/video', (req, res) => {
    const job = runOr404(req.params.run_id);
    if (!job.video) throw detail(404, 'video not found');
    // a tiny MP4 header (ftyp box) followed by deterministic filler
    const head = Buffer.from('000000186674797069736f6d0000020069736f6d69736f32', 'hex');
    const body = Buffer.alloc(96 * 1024, job.runId.length);
    sendFile(req, res, Buffer.concat([head, body]), 'video/mp4', `${job.runId}.mp4`);
  });
}
