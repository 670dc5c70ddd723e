import { defineVerb } from '../../src/app/command.js';
import { textDefault } from '../../src/app/flags.js';

export default defineVerb({
  name: 'list',
  aliases: ['ls'],
  summary: 'recent trigger events, newest first',
  args: {
    limit: textDefault('--limit <n>', 'at most N events', '100'),
  },
  async run(s, opts) {
    const { intFlag } = await import('../../src/backends/mn/files.js');
    const { MnClient } = await import('../../src/backends/mn/client.js');
    const { triggerEventView } = await import('../../src/backends/mn/render.js');
    const res = await new MnClient(await s.client('mn')).listEvents(intFlag(opts.limit, '--limit', 1, 1000));
    s.out.list(res.events, triggerEventView, res);
  },
});
