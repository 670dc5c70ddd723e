import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';

interface Opts {
  rate?: string;
  functions?: boolean;
  idle?: boolean;
  nodes?: string;
}

export default function register(noun: Command, host: CommandHost): void {
  noun
    .command('top <file>')
    .description('a py-spy recording (record -f raw or -f speedscope) or dump (--json) as py-spy top shows it: own/total per function and line')
    .option('--rate <hz>', 'samples per second of the recording (py-spy record -r; collapsed stacks carry counts, not times)', '100')
    .option('--functions', 'aggregate per function instead of per line')
    .option('--idle', 'for a dump: count idle threads too (as py-spy --idle)')
    .option('-n, --nodes <n>', 'show only the first N rows')
    .addHelpText('after', '\nFor live dumps of a proc, use `meshscope pyspy dump REF --samples N`.\nExamples:\n  meshscope pyspy top profile.txt            # py-spy record -f raw -o profile.txt\n  meshscope pyspy top profile.speedscope.json --functions')
    .action(
      host.act(async (s, opts: Opts, file: string) => {
        const { parseCount, pyspyTop } = await import('../../src/profiling/pyspy-flows.js');
        const rateHz = parseCount(opts.rate, '--rate', 1, 1000, 100);
        const limit = opts.nodes === undefined ? undefined : parseCount(opts.nodes, '-n', 1, 1_000_000, 10);
        return pyspyTop(s.out, file, { rateHz, byFunction: opts.functions, idle: opts.idle, limit });
      }),
    );
}
