import { defineVerb } from '../../src/app/command.js';
import { textDefault } from '../../src/app/flags.js';
import { nameArg } from '../../src/app/names.js';

export default defineVerb({
  name: 'resources',
  positional: '<run-id>',
  summary: 'resource and token usage of a run over a window',
  args: {
    window: textDefault('--window <duration>', 'how far back', '24h'),
    bucket: textDefault('--bucket <duration>', 'bucket size', '1h'),
  },
  async run(s, opts, id) {
    id = nameArg(id, 'run');
    const { parseDurationMs } = await import('../../src/app/flags.js');
    for (const [flag, v] of [['--window', opts.window], ['--bucket', opts.bucket]] as const) if (v !== undefined) parseDurationMs(v, flag);
    const { MnClient } = await import('../../src/backends/mn/client.js');
    const { renderResources } = await import('../../src/backends/mn/render.js');
    renderResources(s.out, await new MnClient(await s.client('mn')).runResources(id, { window: opts.window, bucket: opts.bucket }));
  },
});
