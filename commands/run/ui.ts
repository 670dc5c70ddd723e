import { defineVerb } from '../../src/app/command.js';
import { nameArg } from '../../src/app/names.js';
import { force, legacy, limitDefault, out, text } from '../../src/app/flags.js';

export default defineVerb({
  name: 'ui',
  positional: '<run-id>',
  summary: 'blueprint UI metadata of a run; -O FILE downloads its video when it has one',
  args: {
    out: out('download the run video to FILE'),
    force: force('with -O: overwrite FILE'),
    maxSize: text('--max-size <size>', 'with -O: the largest video to write, e.g. 500MiB, 4GiB (1GiB when not given); a larger one fails and writes nothing'),
    limit: limitDefault('events to include', 200, { min: 1, max: 5000 }),
    video: legacy('--video <file>', 'out', '-O/--out'),
  },
  async run(s, opts, id) {
        id = nameArg(id, 'run');
        if (opts.maxSize !== undefined && !opts.out) throw (await import('../../src/errors.js')).usageError('--max-size bounds the video download: it needs -O/--out FILE', `meshscope run ui ${id} -O run.mp4 --max-size ${opts.maxSize}`);
        const { MnClient } = await import('../../src/backends/mn/client.js');
        const client = new MnClient(await s.client('mn'));
        if (opts.out) {
          const { checkWritable, downloadLimit, saveStream } = await import('../../src/files.js');
          const { contentLength } = await import('../../src/http/client.js');
          const limit = downloadLimit(opts.maxSize);
          checkWritable(opts.out, Boolean(opts.force));
          const res = await client.runVideo(id);
          const saved = await saveStream(res.body, opts.out, { out: s.out, label: 'video', force: Boolean(opts.force), backend: 'mn', expectedBytes: contentLength(res.headers), limit, signal: s.signal });
          s.out.item(
            [
              ['Saved', saved.path],
              ['Bytes', saved.bytes],
            ],
            { run_id: id, path: saved.path, bytes: saved.bytes, sha256: saved.sha256 },
            saved.path,
          );
          return 0;
        }
        const ui = await client.runUi(id, opts.limit);
        const u = ui.ui ?? {};
        const w = ui.web_ui ?? {};
        const comps = Array.isArray(u.components) ? (u.components as Array<{ type?: string }>).map((c) => c.type).join(', ') : undefined;
        s.out.item(
          [
            ['Run ID', ui.run_id ?? id],
            ['Title', u.title as string | undefined],
            ['Adapter', u.adapter as string | undefined],
            ['Kind', u.kind as string | undefined],
            ['Components', comps],
            ['Web UI', w.url as string | undefined],
            ['Web UI status', w.status as string | undefined],
            ['Events', ui.events?.length],
          ],
          ui,
          `run/${ui.run_id ?? id}`,
        );
  },
});
