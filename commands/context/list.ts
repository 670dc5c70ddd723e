import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';

export default function register(noun: Command, host: CommandHost): void {
  noun
    .command('list')
    .alias('ls')
    .description('list the contexts; * marks the current one')
    .action(
      host.act(async (s) => {
        const { listContexts } = await import('../../src/config/contexts.js');
        const { rows, path, current } = listContexts(s.io.env);
        if (rows.length === 0 && !s.out.structured) {
          s.out.info(`no contexts in ${path}; create one with \`meshscope context set NAME admin.url=https://host:1729\``);
          return;
        }
        s.out.list(
          rows,
          {
            columns: [
              { header: 'CURRENT', get: (r) => (r.current ? '*' : '') },
              { header: 'NAME', get: (r) => r.name, tone: (r) => (r.current ? 'accent' : undefined) },
              { header: 'BACKENDS', get: (r) => r.backends.join(',') },
            ],
            name: (r) => `context/${r.name}`,
          },
          { path, current_context: current ?? null, contexts: rows },
        );
      }),
    );
}
