import { defineVerb } from '../../src/app/command.js';
import { bool, int, intDefault, stdinFor } from '../../src/app/flags.js';

export default defineVerb({
  name: 'top',
  positional: '<file>',
  summary: 'a py-spy recording (record -f raw or -f speedscope) or dump (--json; "-" reads stdin) as py-spy top shows it: own/total per function and line',
  args: {
    rate: intDefault('--rate <hz>', 'samples per second of the recording (py-spy record -r; collapsed stacks carry counts, not times)', 100, { min: 1, max: 1000 }),
    functions: bool('--functions', 'aggregate per function instead of per line'),
    idle: bool('--idle', 'for a dump: count idle threads too (as py-spy --idle)'),
    nodes: int('-n, --nodes <n>', 'show only the first N rows', { min: 1, max: 1_000_000 }),
  },
  notes: 'For live dumps of a proc, use `meshscope pyspy dump REF --samples N`.',
  examples: ['meshscope pyspy top profile.txt            # py-spy record -f raw -o profile.txt', 'meshscope pyspy top profile.speedscope.json --functions'],
  async run(s, opts, file) {
    const { pyspyTop } = await import('../../src/profiling/pyspy-flows.js');
    return pyspyTop(s.out, file, { stdin: await stdinFor(file, s.io.stdin), rateHz: opts.rate, byFunction: opts.functions, idle: opts.idle, limit: opts.nodes });
  },
});
