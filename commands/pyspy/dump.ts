import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';

interface Opts {
  locals?: boolean;
  samples?: string;
  interval?: string;
}

export default function register(noun: Command, host: CommandHost): void {
  noun
    .command('dump <ref>')
    .description('py-spy stack dump of a proc (an actor reference: the proc hosting it); exit 1 unless py-spy answered Ok')
    .option('--locals', 'show each frame\'s arguments and locals (when the dump has them)')
    .option('--samples <n>', 'take N dumps and aggregate the hottest frames (like py-spy top)')
    .option('--interval <ms>', 'milliseconds between dumps with --samples', '200')
    .addHelpText('after', '\nExamples:\n  meshscope pyspy dump \'trainer<3D4bG4>@tcp://10.0.0.1:26602\'\n  meshscope pyspy dump ACTOR_REF --samples 10 --interval 500\n  meshscope pyspy dump PROC -o json     # the raw PySpyResult')
    .action(
      host.act(async (s, opts: Opts, ref: string) => {
        const { parseCount, pyspyDump } = await import('../../src/profiling/pyspy-flows.js');
        const samples = opts.samples === undefined ? undefined : parseCount(opts.samples, '--samples', 1, 1000, 1);
        const intervalMs = parseCount(opts.interval, '--interval', 0, 60_000, 200);
        const { AdminClient } = await import('../../src/backends/admin/client.js');
        const admin = new AdminClient(await s.client('admin'));
        return pyspyDump(admin, s.out, ref, { locals: opts.locals, samples, intervalMs, signal: s.signal });
      }),
    );
}
