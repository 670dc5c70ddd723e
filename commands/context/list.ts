import { defineVerb } from '../../src/app/command.js';

export default defineVerb({
  name: 'list',
  aliases: ['ls'],
  summary: 'list the contexts; * marks the current one',
  async run(s, _opts) {
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
  },
});
