import { defineVerb } from '../../src/app/command.js';
import { nameArg } from '../../src/app/names.js';

export default defineVerb({
  name: 'delete',
  aliases: ['rm'],
  positional: '<name>',
  summary: 'delete a context',
  async run(s, _opts, name) {
    name = nameArg(name, 'context');
    const { deleteContext } = await import('../../src/config/contexts.js');
    const r = deleteContext(name, s.io.env);
    s.out.info(`deleted context "${name}" from ${r.path}${r.wasCurrent ? '; no context is current now' : ''}`);
  },
});
