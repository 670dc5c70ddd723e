import { defineVerb } from '../../src/app/command.js';

export default defineVerb({
  name: 'reset-metrics',
  summary: "clear the daemon's in-memory counters and histograms",
  async run(s, _opts) {
    const { AstromeshClient } = await import('../../src/backends/astromesh/client.js');
    const r = await new AstromeshClient(await s.client('astromesh')).resetMetrics();
    s.out.item([['status', r.status, r.status === 'reset' ? 'ok' : undefined]], r, r.status);
    return 0;
  },
});
