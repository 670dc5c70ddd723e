import { defineVerb } from '../../src/app/command.js';
import { bool } from '../../src/app/flags.js';
import { nameArg } from '../../src/app/names.js';

export default defineVerb({
  name: 'install',
  positional: '<blueprint-id>',
  summary: 'install the runtime models a blueprint needs',
  args: {
    force: bool('--force', 'reinstall models that are already installed'),
  },
  async run(s, opts, id) {
    id = nameArg(id, 'blueprint');
    const { MnClient } = await import('../../src/backends/mn/client.js');
    const { statusTone } = await import('../../src/backends/mn/render.js');
    const spin = s.out.progress(`installing models for ${id}`);
    let res;
    try {
      res = await new MnClient(await s.client('mn')).installBlueprint(id, Boolean(opts.force));
    } finally {
      spin.done();
    }
    const mi = res.model_install;
    s.out.list(
      mi?.models ?? [],
      {
        columns: [
          { header: 'MODEL', get: (m) => m.id },
          { header: 'DOCKER MODEL', get: (m) => m.model },
          { header: 'STATUS', get: (m) => m.status, tone: (m) => statusTone(m.status === 'already_installed' ? 'installed' : m.status) },
          { header: 'ERROR', get: (m) => m.error },
        ],
        name: (m) => `model/${m.id}`,
      },
      res,
    );
    const ok = res.installed && (mi?.ok ?? true);
    if (!ok) s.out.warn(`model install for ${id} did not complete: ${JSON.stringify(mi?.errors ?? [])}`);
    return ok ? 0 : 1;
  },
});
