import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';

interface Opts {
  cum?: boolean;
  n?: string;
  sampleIndex?: string;
}

export default function register(noun: Command, host: CommandHost): void {
  noun
    .command('top <file>')
    .description('the flat/cum table of a pprof file (gzip or plain), like go tool pprof -top')
    .option('--cum', 'sort by cumulative value instead of flat')
    .option('-n, --nodes <n>', 'show only the first N functions')
    .option('--sample-index <type>', 'sample type to report (e.g. alloc_space, inuse_space); default: the profile\'s default')
    .action(
      host.act(async (s, opts: Opts & { nodes?: string }, file: string) => {
        const { pprofTop } = await import('../../src/profiling/pprof-flows.js');
        const { parseCount } = await import('../../src/profiling/pyspy-flows.js');
        const n = opts.nodes === undefined ? undefined : parseCount(opts.nodes, '-n', 1, 1_000_000, 10);
        return pprofTop(s.out, file, { cum: opts.cum, n, sampleIndex: opts.sampleIndex });
      }),
    );
}
