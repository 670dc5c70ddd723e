import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';
import { nameArg } from '../../src/app/names.js';

export default function register(noun: Command, host: CommandHost): void {
  noun
    .command('ui <run-id>')
    .description('blueprint UI metadata of a run; --video FILE downloads its video when it has one')
    .option('--video <file>', 'download the run video to FILE')
    .option('--force', 'with --video: overwrite FILE')
    .option('--max-size <size>', 'with --video: the largest video to write, e.g. 500MiB, 4GiB (default 1GiB); a larger one fails and writes nothing')
    .option('--limit <n>', 'events to include (default 200)')
    .action(
      host.act(async (s, opts: { video?: string; force?: boolean; limit?: string; maxSize?: string }, id) => {
        id = nameArg(id, 'run');
        if (opts.maxSize !== undefined && !opts.video) throw (await import('../../src/errors.js')).usageError('--max-size bounds the video download: it needs --video FILE', `meshscope run ui ${id} --video run.mp4 --max-size ${opts.maxSize}`);
        const { MnClient } = await import('../../src/backends/mn/client.js');
        const client = new MnClient(await s.client('mn'));
        if (opts.video) {
          const { checkWritable, downloadLimit, saveStream } = await import('../../src/files.js');
          const { contentLength } = await import('../../src/http/client.js');
          const limit = downloadLimit(opts.maxSize);
          checkWritable(opts.video, Boolean(opts.force));
          const res = await client.runVideo(id);
          const saved = await saveStream(res.body, opts.video, { out: s.out, label: 'video', force: Boolean(opts.force), backend: 'mn', expectedBytes: contentLength(res.headers), limit, signal: s.signal });
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
        const { intFlag } = await import('../../src/backends/mn/files.js');
        const ui = await client.runUi(id, intFlag(opts.limit, '--limit', 1, 5000));
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
      }),
    );
}
