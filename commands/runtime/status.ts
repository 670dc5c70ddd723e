import { defineVerb } from '../../src/app/command.js';
import { durationDefault } from '../../src/app/flags.js';

export default defineVerb({
  name: 'status',
  summary: 'runtime status: components, nodes, jobs and endpoints (exit 1 when overall is critical)',
  args: {
    checkTimeout: durationDefault('--check-timeout <duration>', 'how long the gateway may spend probing each component', '3s', { min: 100, max: 60_000, bareUnit: 's' }),
  },
  async run(s, opts) {
    // the gateway takes seconds
    const t = opts.checkTimeout / 1000;
    const { MnClient } = await import('../../src/backends/mn/client.js');
    const { renderRuntimeStatus } = await import('../../src/backends/mn/render.js');
    const st = await new MnClient(await s.client('mn')).runtimeStatus(t);
    renderRuntimeStatus(s.out, st);
    return st.overall === 'critical' ? 1 : 0;
  },
});
