import { defineVerb } from '../../src/app/command.js';

export default defineVerb({
  name: 'doctor',
  summary: 'the daemon health checks (runtime, providers, peers); exit 1 when unhealthy',
  notes: 'Exit codes: 0 every check ok, 1 unhealthy (unlike astromeshctl, which exits 0), 4 daemon unreachable.',
  async run(s, _opts) {
    const { AstromeshClient } = await import('../../src/backends/astromesh/client.js');
    const { renderDoctor } = await import('../../src/backends/astromesh/render.js');
    const healthy = renderDoctor(s.out, await new AstromeshClient(await s.client('astromesh')).doctor());
    return healthy ? 0 : 1;
  },
});
