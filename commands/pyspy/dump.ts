import { defineVerb } from '../../src/app/command.js';
import { bool, int, interval, stdinFor, text } from '../../src/app/flags.js';

export default defineVerb({
  name: 'dump',
  positional: '[ref]',
  summary: 'py-spy stack dump of a proc (an actor reference: the proc hosting it), printed as py-spy prints it; exit 1 unless py-spy answered Ok',
  args: {
    locals: bool('--locals', 'show each frame\'s arguments and locals (when the dump has them)'),
    samples: int('--samples <n>', 'take N dumps and aggregate them as py-spy top does (own/total per function and line)', { min: 1, max: 1000 }),
    interval: interval('time between dumps with --samples', '200ms', { min: 0, max: 60_000, bareUnit: 'ms' }),
    idle: bool('--idle', 'with --samples: count idle threads too (as py-spy --idle)'),
    from: text('--from <file>', 'print a dump py-spy wrote (py-spy dump --json, or a saved -o json answer; "-" reads stdin) instead of taking one'),
  },
  notes: 'The mesh admin API reports no command line or Python version: the header names the proc and the py-spy binary instead.',
  examples: ["meshscope pyspy dump 'trainer<3D4bG4>@tcp://10.0.0.1:26602'", 'meshscope pyspy dump ACTOR_REF --samples 10 --interval 500ms', 'meshscope pyspy dump PROC -o json     # the raw PySpyResult', 'meshscope pyspy dump --from dump.json --locals'],
  async run(s, opts, ref: string | undefined) {
        const { pyspyDump, pyspyDumpFile } = await import('../../src/profiling/pyspy-flows.js');
        const { usageError } = await import('../../src/errors.js');
        if (opts.from !== undefined) {
          if (ref !== undefined) throw usageError('give a reference or --from FILE, not both', 'meshscope pyspy dump REF (a live dump) or meshscope pyspy dump --from FILE (a saved one)');
          if (opts.samples !== undefined) throw usageError('--samples takes live dumps; a file holds one', 'aggregate a recording with `meshscope pyspy top FILE`');
          return pyspyDumpFile(s.out, opts.from, { locals: opts.locals, stdin: await stdinFor(opts.from, s.io.stdin) });
        }
        if (ref === undefined) throw usageError('a proc or actor reference is required (or --from FILE)', 'list them with `meshscope mesh tree`');
        const samples = opts.samples;
        const intervalMs = opts.interval;
        const { AdminClient } = await import('../../src/backends/admin/client.js');
        const admin = new AdminClient(await s.client('admin'));
        return pyspyDump(admin, s.out, ref, { locals: opts.locals, samples, intervalMs, idle: opts.idle, signal: s.signal });
  },
});
