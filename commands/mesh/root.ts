import { defineVerb } from '../../src/app/command.js';
import { payloadValidateFlag } from '../../src/app/validate-flag.js';

export default defineVerb({
  name: 'root',
  summary: 'show the root of the mesh (GET /v1/root): hosts, who started it, uptime',
  args: {
    validate: payloadValidateFlag('the payload'),
  },
  async run(s, opts) {
    const { showNode } = await import('./show-node.js');
    return showNode(s, 'root', { validate: opts.validate });
  },
});
