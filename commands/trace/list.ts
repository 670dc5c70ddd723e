import { defineVerb } from '../../src/app/command.js';
import { limit, text } from '../../src/app/flags.js';

export default defineVerb({
  name: 'list',
  aliases: ['ls'],
  summary: 'agent run traces, newest first',
  args: {
    agent: text('--agent <agent>', 'only the runs of this agent'),
    // The range (1..100) is the daemon's to check: its 422 names the field.
    limit: limit('at most this many traces (1-100, daemon default 20)', undefined, { min: Number.MIN_SAFE_INTEGER }),
  },
  async run(s, opts) {
    const { AstromeshClient } = await import('../../src/backends/astromesh/client.js');
    const { summarizeTrace, tracesView } = await import('../../src/backends/astromesh/render.js');
    const r = await new AstromeshClient(await s.client('astromesh')).traces({ agent: opts.agent, limit: opts.limit });
    s.out.list(r.traces.map(summarizeTrace), tracesView, r);
    return 0;
  },
});
