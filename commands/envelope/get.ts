import { defineVerb } from '../../src/app/command.js';
import { bool } from '../../src/app/flags.js';
import { nameArg } from '../../src/app/names.js';
import { asyaClient } from './client.js';

export default defineVerb({
  name: 'get',
  positional: '<id>',
  summary: 'show one envelope: status, actor, progress, deadline, headers, payload and result',
  args: {
    internal: bool('--internal', 'ask the internal port (the sidecars\' heartbeat check) instead of the external one'),
  },
  async run(s, opts, id: string) {
    id = nameArg(id, 'envelope');
    const { renderEnvelope } = await import('../../src/backends/asya/render.js');
    const asya = await asyaClient(s);
    renderEnvelope(s.out, await asya.get(id, opts.internal ? 'internal' : 'external'));
    return 0;
  },
});
