import { defineVerb } from '../../src/app/command.js';
import { bool } from '../../src/app/flags.js';

export default defineVerb({
  name: 'config',
  positional: '<proc>',
  summary: 'show the effective configuration of the process hosting a proc (GET /v1/config/{proc})',
  args: {
    changed: bool('--changed', 'only entries that differ from their default'),
  },
  async run(s, opts, proc: string) {
    const [{ AdminClient }, { CONFIG_VIEW }] = await Promise.all([import('../../src/backends/admin/client.js'), import('../../src/backends/admin/render.js')]);
    const result = await new AdminClient(await s.client('admin')).config(proc);
    const entries = opts.changed ? result.entries.filter((e) => e.changed_from_default) : result.entries;
    if (!s.out.structured && entries.length === 0) {
      s.out.info(opts.changed ? 'every entry has its default value' : 'no configuration entries');
      return;
    }
    s.out.list(entries, CONFIG_VIEW, { ...result, entries });
  },
});
