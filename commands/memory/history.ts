import { defineVerb } from '../../src/app/command.js';
import { limit } from '../../src/app/flags.js';
import { nameArg } from '../../src/app/names.js';

export default defineVerb({
  name: 'history',
  positional: '<agent> <session>',
  summary: "a session's conversation history, oldest first",
  args: {
    limit: limit('at most this many messages, the newest (daemon default 50)', undefined, { min: 1 }),
  },
  async run(s, opts, agent, session) {
    agent = nameArg(agent, 'agent');
    const limit = opts.limit;
    const { AstromeshClient } = await import('../../src/backends/astromesh/client.js');
    const { historyView } = await import('../../src/backends/astromesh/render.js');
    const h = await new AstromeshClient(await s.client('astromesh')).history(agent, session, limit);
    const messages = (h.history ?? h.messages ?? []).map((m, i) => ({ ...m, index: i + 1 }));
    if (!messages.length && !s.out.structured) {
      s.out.info(`no messages in session ${session} of agent ${agent}`);
      return 0;
    }
    s.out.list(messages, historyView, h);
    return 0;
  },
});
