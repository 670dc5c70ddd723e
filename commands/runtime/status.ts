import { defineVerb } from '../../src/app/command.js';
import { textDefault } from '../../src/app/flags.js';

export default defineVerb({
  name: 'status',
  summary: 'runtime status: components, nodes, jobs and endpoints (exit 1 when overall is critical)',
  args: {
    checkTimeout: textDefault('--check-timeout <seconds>', 'how long the gateway may spend probing each component', '3'),
  },
  async run(s, opts) {
    const { usageError } = await import('../../src/errors.js');
    const t = opts.checkTimeout === undefined ? undefined : Number(opts.checkTimeout);
    if (t !== undefined && !(t > 0 && t <= 60)) throw usageError(`invalid --check-timeout "${opts.checkTimeout}"`, 'give seconds between 0.1 and 60');
    const { MnClient } = await import('../../src/backends/mn/client.js');
    const { renderRuntimeStatus } = await import('../../src/backends/mn/render.js');
    const st = await new MnClient(await s.client('mn')).runtimeStatus(t);
    renderRuntimeStatus(s.out, st);
    return st.overall === 'critical' ? 1 : 0;
  },
});
