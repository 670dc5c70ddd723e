import { defineVerb } from '../../src/app/command.js';
import { payloadValidateFlag } from '../../src/app/validate-flag.js';
import { bool, int, intDefault, text, tristate } from '../../src/app/flags.js';

export default defineVerb({
  name: 'walk',
  summary: 'visit every node of the mesh breadth-first, streaming each as it is read (NDJSON under -o json)',
  args: {
    depth: int('--depth <n>', 'deepest level to visit: root 0, hosts 1, procs 2, actors 3, supervised actors 4', { min: 0 }),
    kind: text('--kind <kind>', 'list only nodes of this kind', { choices: ['host', 'proc', 'actor'] }) as import('../../src/app/flags.js').FlagSpec<'host' | 'proc' | 'actor', false>,
    failed: bool('--failed', 'list only failed actors and poisoned procs'),
    system: tristate('--system', 'list only system nodes (is_system, or in the parent\'s system_children)', 'leave system nodes out'),
    stopped: bool('--stopped', 'list only stopped actors (stopped or failed, or in the proc\'s stopped_children)'),
    concurrency: intDefault('--concurrency <n>', 'most resolves in flight; the walk lowers it when the server answers service_unavailable', 16, { min: 1 }),
    retries: intDefault('--retries <n>', 'extra attempts for a node that timed out (gateway_timeout) or whose connection dropped', 1, { min: 0 }),
    validate: payloadValidateFlag('every payload'),
  },
  notes: 'Every node is listed by default. Nodes that went away during the walk (not_found) and nodes that\ncould not be read are reported on stderr and the walk goes on; the exit code is 1 when a node\ncould not be read.',
  async run(s, opts) {
    const [{ AdminClient }, { runWalk }, render, { nodeKind }, { sanitizeCell }, flags] = await Promise.all([
      import('../../src/backends/admin/client.js'),
      import('../../src/backends/admin/walk.js'),
      import('../../src/backends/admin/render.js'),
      import('../../src/backends/admin/refs.js'),
      import('../../src/output/sanitize.js'),
      import('./walk-flags.js'),
    ]);
    const nums = { maxDepth: opts.depth, concurrency: opts.concurrency, retries: opts.retries };
    const client = new AdminClient(await s.client('admin'));
    const schema = await (await import('./schema-check.js')).schemaCheck(s, client, opts.validate);
    // Nothing below a proc can be a host or a proc: do not walk where nothing can match.
    const follow =
      opts.kind === 'host' ? (n: Parameters<typeof nodeKind>[0]) => nodeKind(n) === 'root' : opts.kind === 'proc' ? (n: Parameters<typeof nodeKind>[0]) => ['root', 'host'].includes(nodeKind(n)) : undefined;
    const table = s.format === 'table' || s.format === 'wide';
    const tone = (t: string, k: import('../../src/output/index.js').Tone) => s.out.tone(t, k);
    const counts: Record<string, number> = {};
    let listed = 0;
    let walked = 0;
    let headerDone = false;
    const progress = s.out.structured || s.io.stdout.isTTY !== true ? s.out.progress('walking the mesh') : undefined;
    // streaming to this process's own stdout: the walk may be long, its memory stays bounded
    if (s.io.stdout === process.stdout) (await import('../../src/app/heap.js')).keepHeapSmall();
    const started = Date.now();
    const stats = await runWalk(client, { ...nums, signal: s.signal, timeoutMs: s.requestTimeoutMs, follow }, (e) => {
      if (e.kind === 'error') {
        if (e.depth === 0) throw e.error;
        flags.reportWalkError(s, e);
        return;
      }
      const kind = nodeKind(e.node);
      counts[kind] = (counts[kind] ?? 0) + 1;
      walked++;
      if (progress && walked % 100 === 0) progress.update(`walking the mesh: ${walked} nodes`);
      schema?.each(e.ref, e.raw);
      if (opts.kind && kind !== opts.kind) return;
      const f = render.nodeFlags(e.node, { system: e.listedSystem, stopped: e.listedStopped });
      if (opts.failed && !f.failed) return;
      if (opts.system === true && !f.system) return;
      if (opts.system === false && f.system) return;
      if (opts.stopped && !(kind === 'actor' && f.stopped)) return;
      listed++;
      switch (s.format) {
        case 'json':
          s.out.ndjson(e.raw);
          return;
        case 'yaml':
          s.out.text('---');
          s.out.data(e.raw);
          return;
        case 'name':
          s.out.text(e.ref);
          return;
        default:
          if (!headerDone) {
            s.out.styled([render.walkHeader(s.out.c)]);
            headerDone = true;
          }
          s.out.styled([render.walkRow(e.node, e.ref, s.out.c, tone, sanitizeCell)]);
      }
    });
    progress?.done();
    s.checkAborted();
    if (table) {
      const parts = ['root', 'host', 'proc', 'actor', 'error'].filter((k) => counts[k]).map((k) => `${counts[k]} ${k === 'root' ? 'root' : k + (counts[k] === 1 ? '' : 's')}`);
      const problems = [stats.notFound ? `${stats.notFound} gone` : '', stats.failed ? `${stats.failed} unreadable` : ''].filter(Boolean);
      s.out.info(`${listed === walked ? '' : `${listed} listed; `}walked ${walked} nodes (${parts.join(', ')}) in ${((Date.now() - started) / 1000).toFixed(1)}s${problems.length ? `; ${problems.join(', ')}` : ''}`);
    }
    s.out.debug(
      `walk: ${stats.requests} requests, ${stats.backpressure} service_unavailable, ${stats.retries} retries; concurrency ${stats.minConcurrency}..${stats.maxConcurrency} (now ${stats.concurrency}), peak in flight ${stats.peakInFlight}`,
    );
    schema?.end();
    return stats.failed > 0 ? 1 : 0;
  },
});
