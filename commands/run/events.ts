import { defineVerb } from '../../src/app/command.js';
import { limitDefault, text } from '../../src/app/flags.js';
import { nameArg } from '../../src/app/names.js';

export default defineVerb({
  name: 'events',
  positional: '<run-id>',
  summary: 'run-store events of a run (events.jsonl; --channel human for human events)',
  args: {
    limit: limitDefault('the last N events', 200, { min: 1, max: 5000 }),
    channel: text('--channel <name>', 'read another channel (human)'),
  },
  async run(s, opts, id) {
    id = nameArg(id, 'run');
    const limit = opts.limit;
    const { MnClient } = await import('../../src/backends/mn/client.js');
    const { runEventView } = await import('../../src/backends/mn/render.js');
    const res = await new MnClient(await s.client('mn')).runEvents(id, { limit, channel: opts.channel });
    s.out.list(res.data, runEventView, res);
  },
});
