import { defineVerb } from '../../src/app/command.js';
import { nameArg } from '../../src/app/names.js';

export default defineVerb({
  name: 'show',
  positional: '[name]',
  summary: 'show where each backend of a context (default: the current one) resolves to, and why',
  async run(s, _opts, name) {
    name = name && nameArg(name, 'context');
    const { showContext } = await import('../../src/config/contexts.js');
    const shown = showContext(name, s.opts, s.io.env);
    if (!s.out.structured) s.out.info(`context: ${shown.context ?? '(none: defaults)'}  file: ${shown.path}`);
    s.out.list(
      shown.endpoints,
      {
        columns: [
          { header: 'ENDPOINT', get: (r) => r.endpoint },
          { header: 'URL', get: (r) => r.url },
          { header: 'SOURCE', get: (r) => r.source, tone: () => 'dim' },
          { header: 'TLS', get: (r) => r.tls ?? '' },
          { header: 'AUTH', get: (r) => r.auth ?? '' },
        ],
        name: (r) => `endpoint/${r.endpoint}`,
      },
      shown,
    );
    if (!s.out.structured) for (const e of shown.endpoints) if (e.problem) s.out.warn(`${e.endpoint}: ${e.problem.message}${e.problem.hint ? `\n  hint: ${e.problem.hint}` : ''}`);
  },
});
