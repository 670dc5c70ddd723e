import { defineVerb } from '../../src/app/command.js';

export default defineVerb({
  name: 'health',
  summary: 'liveness of the astromesh daemon (/v1/health); exit 1 unless status is ok',
  async run(s, _opts) {
    const { AstromeshClient } = await import('../../src/backends/astromesh/client.js');
    const h = await new AstromeshClient(await s.client('astromesh')).health();
    s.out.item(
      [
        ['status', h.status, h.status === 'ok' ? 'ok' : 'bad'],
        ['version', h.version],
      ],
      h,
      h.status,
    );
    return h.status === 'ok' ? 0 : 1;
  },
});
