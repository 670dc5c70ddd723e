import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';

interface Opts {
  cum?: boolean;
  nodes?: string;
  sampleIndex?: string;
  nodefraction?: string;
  maxSize?: string;
}

export default function register(noun: Command, host: CommandHost): void {
  noun
    .command('top <file>')
    .description('the flat/cum table of a pprof file (gzip or plain), as go tool pprof -top prints it')
    .option('--cum', 'sort by cumulative value instead of flat')
    .option('-n, --nodes <n>', 'show only the first N functions')
    .option('--sample-index <type>', 'sample type to report, by name or index (e.g. alloc_space, inuse_space); default: the profile\'s default')
    .option('--nodefraction <f>', 'drop functions whose cum is at most this fraction of the total (0 shows all)', '0.005')
    .option('--max-size <size>', 'the most the profile may unpack to, e.g. 256MiB (default 64MiB); a larger one is refused')
    .addHelpText('after', '\nThe Time line is in the local time zone (TZ), as go tool pprof prints it.\nExamples:\n  meshscope pprof top cpu.pb.gz -n 10\n  meshscope pprof top heap.pb.gz --sample-index alloc_space --cum\n  meshscope pprof top cpu.pb.gz --nodefraction 0 -o json')
    .action(
      host.act(async (s, opts: Opts, file: string) => {
        const { parseFraction, pprofTop } = await import('../../src/profiling/pprof-flows.js');
        const { parseCount } = await import('../../src/profiling/pyspy-flows.js');
        const { timeZoneFromEnv } = await import('../../src/profiling/measure.js');
        const n = opts.nodes === undefined ? undefined : parseCount(opts.nodes, '-n', 1, 1_000_000, 10);
        const nodeFraction = parseFraction(opts.nodefraction, '--nodefraction', 0.005);
        const { downloadLimit } = await import('../../src/files.js');
        const maxBytes = opts.maxSize === undefined ? undefined : downloadLimit(opts.maxSize).bytes;
        return pprofTop(s.out, file, { cum: opts.cum, n, sampleIndex: opts.sampleIndex, nodeFraction, timeZone: timeZoneFromEnv(s.io.env.TZ), maxBytes });
      }),
    );
}
