import { defineVerb } from '../../src/app/command.js';
import { nameArg } from '../../src/app/names.js';

export default defineVerb({
  name: 'get',
  positional: '<trace-id>',
  summary: 'one trace as a span tree with start offsets, durations and a waterfall (a unique id prefix works)',
  async run(s, _opts, id) {
    id = nameArg(id, 'trace');
    const { AstromeshClient } = await import('../../src/backends/astromesh/client.js');
    const { renderTrace } = await import('../../src/backends/astromesh/render.js');
    renderTrace(s.out, await new AstromeshClient(await s.client('astromesh')).trace(id));
    return 0;
  },
});
