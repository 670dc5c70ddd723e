import { defineVerb } from '../../src/app/command.js';
import { nameArg } from '../../src/app/names.js';

export default defineVerb({
  name: 'get',
  positional: '<name>',
  summary: 'an agent: model, orchestration, tools, memory (-o json/yaml: the whole config)',
  async run(s, _opts, name) {
    name = nameArg(name, 'agent');
    const { AstromeshClient } = await import('../../src/backends/astromesh/client.js');
    const { renderAgent } = await import('../../src/backends/astromesh/render.js');
    renderAgent(s.out, await new AstromeshClient(await s.client('astromesh')).getAgent(name));
    return 0;
  },
});
