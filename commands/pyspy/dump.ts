import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';

interface Opts {
  locals?: boolean;
  samples?: string;
  interval?: string;
  idle?: boolean;
  from?: string;
}

export default function register(noun: Command, host: CommandHost): void {
  noun
    .command('dump [ref]')
    .description('py-spy stack dump of a proc (an actor reference: the proc hosting it), printed as py-spy prints it; exit 1 unless py-spy answered Ok')
    .option('--locals', 'show each frame\'s arguments and locals (when the dump has them)')
    .option('--samples <n>', 'take N dumps and aggregate them as py-spy top does (own/total per function and line)')
    .option('--interval <ms>', 'milliseconds between dumps with --samples', '200')
    .option('--idle', 'with --samples: count idle threads too (as py-spy --idle)')
    .option('--from <file>', 'print a dump py-spy wrote (py-spy dump --json, or a saved -o json answer) instead of taking one')
    .addHelpText(
      'after',
      '\nThe mesh admin API reports no command line or Python version: the header names the proc and the py-spy binary instead.\nExamples:\n  meshscope pyspy dump \'trainer<3D4bG4>@tcp://10.0.0.1:26602\'\n  meshscope pyspy dump ACTOR_REF --samples 10 --interval 500\n  meshscope pyspy dump PROC -o json     # the raw PySpyResult\n  meshscope pyspy dump --from dump.json --locals',
    )
    .action(
      host.act(async (s, opts: Opts, ref: string | undefined) => {
        const { parseCount, pyspyDump, pyspyDumpFile } = await import('../../src/profiling/pyspy-flows.js');
        const { usageError } = await import('../../src/errors.js');
        if (opts.from !== undefined) {
          if (ref !== undefined) throw usageError('give a reference or --from FILE, not both', 'meshscope pyspy dump REF (a live dump) or meshscope pyspy dump --from FILE (a saved one)');
          if (opts.samples !== undefined) throw usageError('--samples takes live dumps; a file holds one', 'aggregate a recording with `meshscope pyspy top FILE`');
          return pyspyDumpFile(s.out, opts.from, { locals: opts.locals });
        }
        if (ref === undefined) throw usageError('a proc or actor reference is required (or --from FILE)', 'list them with `meshscope mesh tree`');
        const samples = opts.samples === undefined ? undefined : parseCount(opts.samples, '--samples', 1, 1000, 1);
        const intervalMs = parseCount(opts.interval, '--interval', 0, 60_000, 200);
        const { AdminClient } = await import('../../src/backends/admin/client.js');
        const admin = new AdminClient(await s.client('admin'));
        return pyspyDump(admin, s.out, ref, { locals: opts.locals, samples, intervalMs, idle: opts.idle, signal: s.signal });
      }),
    );
}
