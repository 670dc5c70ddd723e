import { defineVerb } from '../../src/app/command.js';

export default defineVerb({
  name: 'metrics',
  summary: "the daemon's in-memory counters and histograms (runs, tool executions, latencies)",
  async run(s, _opts) {
    const { AstromeshClient } = await import('../../src/backends/astromesh/client.js');
    const { renderMetrics } = await import('../../src/backends/astromesh/render.js');
    renderMetrics(s.out, await new AstromeshClient(await s.client('astromesh')).metrics());
    return 0;
  },
});
