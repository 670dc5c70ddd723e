import { defineVerb } from '../../src/app/command.js';
import { nameArg } from '../../src/app/names.js';

export default defineVerb({
  name: 'use',
  positional: '<name>',
  summary: 'make a context the current one',
  async run(s, _opts, name) {
    name = nameArg(name, 'context');
    const { useContext } = await import('../../src/config/contexts.js');
    const path = useContext(name, s.io.env);
    s.out.info(`switched to context "${name}" (${path})`);
  },
});
