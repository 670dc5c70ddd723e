import { defineVerb } from '../../src/app/command.js';

export default defineVerb({
  name: 'builtin',
  summary: 'built-in tools with their parameters (* = required; -o json: the JSON schemas)',
  async run(s, _opts) {
    const { AstromeshClient } = await import('../../src/backends/astromesh/client.js');
    const { builtinView } = await import('../../src/backends/astromesh/render.js');
    const r = await new AstromeshClient(await s.client('astromesh')).builtinTools();
    s.out.list(r.tools, builtinView, r);
    return 0;
  },
});
