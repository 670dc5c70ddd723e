import { defineVerb } from '../../src/app/command.js';
import { int } from '../../src/app/flags.js';


export default defineVerb({
  name: 'set',
  summary: 'set coarse resource limits, in percent of what the cluster has',
  args: {
    cpu: int('--cpu <percent>', 'CPU share (1-100; mn offers 25, 50, 75, 100)', { min: 1, max: 100 }),
    gpu: int('--gpu <percent>', 'GPU share (1-100)', { min: 1, max: 100 }),
    memory: int('--memory <percent>', 'memory share (1-100)', { min: 1, max: 100 }),
    disk: int('--disk <percent>', 'disk share (1-100)', { min: 1, max: 100 }),
  },
  async run(s, opts) {
    const { usageError } = await import('../../src/errors.js');
    const limits = { cpu: opts.cpu, gpu: opts.gpu, memory: opts.memory, disk: opts.disk };
    if (Object.values(limits).every((v) => v === undefined)) throw usageError('nothing to set', 'give at least one of --cpu, --gpu, --memory, --disk');
    const { MnClient } = await import('../../src/backends/mn/client.js');
    const { renderResource } = await import('../../src/backends/mn/render.js');
    renderResource(s.out, await new MnClient(await s.client('mn')).setResource(limits));
  },
});
