import { defineVerb } from '../../src/app/command.js';
import { int } from '../../src/app/flags.js';
import { nameArg } from '../../src/app/names.js';

export default defineVerb({
  name: 'search',
  positional: '<agent> <query...>',
  summary: "search an agent's semantic memory for entries similar to a query, best first",
  args: {
    topK: int('--top-k <n>', 'number of results (daemon default 10)', { min: 1 }),
  },
  async run(s, opts, agent, ...rest) {
    agent = nameArg(agent, 'agent');
    const query = ((rest[0] as unknown as string[]) ?? []).join(' ');
    const topK = opts.topK;
    const { AstromeshClient } = await import('../../src/backends/astromesh/client.js');
    const { semanticView } = await import('../../src/backends/astromesh/render.js');
    const r = await new AstromeshClient(await s.client('astromesh')).semantic(agent, query, topK);
    if (!r.results.length && !s.out.structured) {
      s.out.info(`nothing in the memory of agent ${agent} resembles "${query}"`);
      return 0;
    }
    s.out.list(r.results, semanticView, r);
    return 0;
  },
});
