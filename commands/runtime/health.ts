import { defineVerb } from '../../src/app/command.js';

export default defineVerb({
  name: 'health',
  summary: 'health of the MirrorNeuron runtime components (exit 1 when overall is critical)',
  async run(s, _opts) {
    const { MnClient } = await import('../../src/backends/mn/client.js');
    const { renderRuntimeHealth } = await import('../../src/backends/mn/render.js');
    const health = await new MnClient(await s.client('mn')).runtimeHealth();
    renderRuntimeHealth(s.out, health);
    return health.overall === 'critical' ? 1 : 0;
  },
});
