import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';

interface Opts {
  out?: string;
  force?: boolean;
  sampleIndex?: string;
  maxSize?: string;
}

export default function register(noun: Command, host: CommandHost): void {
  noun
    .command('flamegraph <file>')
    .description('draw a flame graph SVG of any pprof file')
    .option('-f, --out <file>', 'where to save the SVG (-o/--output is the global output format, not the file)')
    .option('--force', 'overwrite the file if it exists')
    .option('--sample-index <type>', 'sample type to draw (default: the profile\'s default)')
    .option('--max-size <size>', 'the most the profile may unpack to, e.g. 256MiB (default 64MiB); a larger one is refused')
    .action(
      host.act(async (s, opts: Opts, file: string) => {
        const { pprofFlamegraph } = await import('../../src/profiling/pprof-flows.js');
        const { downloadLimit } = await import('../../src/files.js');
        return pprofFlamegraph(s.out, file, { ...opts, maxBytes: opts.maxSize === undefined ? undefined : downloadLimit(opts.maxSize).bytes });
      }),
    );
}
