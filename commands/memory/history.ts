import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';
import { nameArg } from '../../src/app/names.js';

export default function register(noun: Command, host: CommandHost): void {
  noun
    .command('history <agent> <session>')
    .description("a session's conversation history, oldest first")
    .option('--limit <n>', 'at most this many messages, the newest (daemon default 50)')
    .action(
      host.act(async (s, opts: { limit?: string }, agent, session) => {
        agent = nameArg(agent, 'agent');
        const { intFlag } = await import('../../src/backends/astromesh/input.js');
        const limit = intFlag(opts.limit, '--limit', 1);
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
      }),
    );
}
