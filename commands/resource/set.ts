import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';

interface Opts {
  cpu?: string;
  gpu?: string;
  memory?: string;
  disk?: string;
}

export default function register(noun: Command, host: CommandHost): void {
  noun
    .command('set')
    .description('set coarse resource limits, in percent of what the cluster has')
    .option('--cpu <percent>', 'CPU share (1-100; mn offers 25, 50, 75, 100)')
    .option('--gpu <percent>', 'GPU share (1-100)')
    .option('--memory <percent>', 'memory share (1-100)')
    .option('--disk <percent>', 'disk share (1-100)')
    .action(
      host.act(async (s, opts: Opts) => {
        const { usageError } = await import('../../src/errors.js');
        const { intFlag } = await import('../../src/backends/mn/files.js');
        const limits = { cpu: intFlag(opts.cpu, '--cpu', 1, 100), gpu: intFlag(opts.gpu, '--gpu', 1, 100), memory: intFlag(opts.memory, '--memory', 1, 100), disk: intFlag(opts.disk, '--disk', 1, 100) };
        if (Object.values(limits).every((v) => v === undefined)) throw usageError('nothing to set', 'give at least one of --cpu, --gpu, --memory, --disk');
        const { MnClient } = await import('../../src/backends/mn/client.js');
        const { renderResource } = await import('../../src/backends/mn/render.js');
        renderResource(s.out, await new MnClient(await s.client('mn')).setResource(limits));
      }),
    );
}
