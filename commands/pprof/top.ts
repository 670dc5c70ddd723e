import { defineVerb } from '../../src/app/command.js';
import { bool, int, num, stdinFor, text, textDefault, type FlagSpec } from '../../src/app/flags.js';

export default defineVerb({
  name: 'top',
  positional: '<file>',
  summary: 'the flat/cum table of a pprof file (gzip or plain; "-" reads stdin), as go tool pprof -top prints it',
  args: {
    cum: bool('--cum', 'sort by cumulative value instead of flat'),
    nodes: int('-n, --nodes <n>', 'show only the first N functions', { min: 1, max: 1_000_000 }),
    sampleIndex: text('--sample-index <type>', 'sample type to report, by name or index (e.g. alloc_space, inuse_space); without it: the profile\'s default'),
    nodefraction: { ...num('--nodefraction <f>', 'drop functions whose cum is at most this fraction of the total (0 shows all)', { min: 0, max: 1 }), default: '0.005' } as FlagSpec<number, true>,
    maxSize: textDefault('--max-size <size>', 'the most the profile may unpack to, e.g. 256MiB; a larger one is refused', '64MiB'),
  },
  notes: 'The Time line is in the local time zone (TZ), as go tool pprof prints it.',
  examples: ['meshscope pprof top cpu.pb.gz -n 10', 'meshscope pprof top heap.pb.gz --sample-index alloc_space --cum', 'meshscope pprof top cpu.pb.gz --nodefraction 0 -o json'],
  async run(s, opts, file) {
    const { pprofTop } = await import('../../src/profiling/pprof-flows.js');
    const { timeZoneFromEnv } = await import('../../src/profiling/measure.js');
    const { downloadLimit } = await import('../../src/files.js');
    const stdin = await stdinFor(file, s.io.stdin);
    return pprofTop(s.out, file, { stdin, cum: opts.cum, n: opts.nodes, sampleIndex: opts.sampleIndex, nodeFraction: opts.nodefraction, timeZone: timeZoneFromEnv(s.io.env.TZ), maxBytes: downloadLimit(opts.maxSize).bytes });
  },
});
