import { defineVerb } from '../../src/app/command.js';
import { bool } from '../../src/app/flags.js';
import { nameArg } from '../../src/app/names.js';

export default defineVerb({
  name: 'clear',
  positional: '<agent> <session>',
  summary: "delete a session's conversation history (asks first on a terminal)",
  args: {
    yes: bool('-y, --yes', 'do not ask for confirmation (required when stdin is not a terminal)'),
  },
  async run(s, opts, agent, session) {
    agent = nameArg(agent, 'agent');
    if (!opts.yes) {
      const { usageError } = await import('../../src/errors.js');
      if (!s.io.stdin.isTTY || !s.io.stderr.isTTY) {
        throw usageError(`refusing to clear session ${session} of agent ${agent} without confirmation`, 'pass --yes to clear without asking (stdin is not a terminal, so meshscope cannot ask)');
      }
      const { confirm } = await import('../../src/output/prompt.js');
      if (!(await confirm(s.io, `clear the history of session ${session} of agent ${agent}?`))) {
        s.out.info('nothing cleared');
        return 1;
      }
    }
    const { AstromeshClient } = await import('../../src/backends/astromesh/client.js');
    const r = await new AstromeshClient(await s.client('astromesh')).clearHistory(agent, session);
    s.out.item(
      [
        ['status', r.status, 'ok'],
        ['agent', r.agent ?? agent],
        ['session', r.session_id ?? session],
      ],
      r,
      `session/${r.session_id ?? session}`,
    );
    return 0;
  },
});
