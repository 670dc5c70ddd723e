import { defineVerb } from '../../src/app/command.js';
import { text } from '../../src/app/flags.js';


export default defineVerb({
  name: 'set',
  summary: 'set coarse resource limits, in percent of what the cluster has',
  args: {
    cpu: text('--cpu <percent>', 'CPU share (1-100; mn offers 25, 50, 75, 100)'),
    gpu: text('--gpu <percent>', 'GPU share (1-100)'),
    memory: text('--memory <percent>', 'memory share (1-100)'),
    disk: text('--disk <percent>', 'disk share (1-100)'),
  },
  async run(s, opts) {
    const { usageError } = await import('../../src/errors.js');
    const { intFlag } = await import('../../src/backends/mn/files.js');
    const limits = { cpu: intFlag(opts.cpu, '--cpu', 1, 100), gpu: intFlag(opts.gpu, '--gpu', 1, 100), memory: intFlag(opts.memory, '--memory', 1, 100), disk: intFlag(opts.disk, '--disk', 1, 100) };
    if (Object.values(limits).every((v) => v === undefined)) throw usageError('nothing to set', 'give at least one of --cpu, --gpu, --memory, --disk');
    const { MnClient } = await import('../../src/backends/mn/client.js');
    const { renderResource } = await import('../../src/backends/mn/render.js');
    renderResource(s.out, await new MnClient(await s.client('mn')).setResource(limits));
  },
});
