import { defineVerb } from '../../src/app/command.js';

export default defineVerb({
  name: 'info',
  summary: 'identify the mesh admin server (GET /v1/admin)',
  async run(s, _opts) {
    const { AdminClient } = await import('../../src/backends/admin/client.js');
    const info = await new AdminClient(await s.client('admin')).info();
    s.out.item(
      [
        ['url', info.url],
        ['host', info.host],
        ['actor', info.actor_id],
        ['proc', info.proc_id],
      ],
      info,
      info.url,
    );
  },
});
