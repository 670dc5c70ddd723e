import { defineVerb } from '../../src/app/command.js';
import { force, legacy, out, stdinFor, text, textDefault } from '../../src/app/flags.js';

export default defineVerb({
  name: 'flamegraph',
  positional: '<file>',
  summary: 'draw a flame graph SVG of any pprof file ("-" reads stdin)',
  args: {
    out: out('where to save the SVG (-o/--output is the global output format, not the file)'),
    force: force('overwrite the file if it exists'),
    sampleIndex: text('--sample-index <type>', 'sample type to draw (without it: the profile\'s default)'),
    maxSize: textDefault('--max-size <size>', 'the most the profile may unpack to, e.g. 256MiB; a larger one is refused', '64MiB'),
    outF: legacy('-f <file>', 'out', '-O/--out (-f is --file, an input file)'),
  },
  examples: ['meshscope pprof flamegraph cpu.pb.gz -O cpu.svg'],
  async run(s, opts, file) {
    const { pprofFlamegraph } = await import('../../src/profiling/pprof-flows.js');
    const { downloadLimit } = await import('../../src/files.js');
    return pprofFlamegraph(s.out, file, { ...opts, stdin: await stdinFor(file, s.io.stdin), maxBytes: downloadLimit(opts.maxSize).bytes });
  },
});
