import { defineVerb } from '../../src/app/command.js';
import { bool, force, legacy, out, stdinFor, text, textDefault } from '../../src/app/flags.js';

export default defineVerb({
  name: 'flamegraph',
  positional: '[ref]',
  summary: 'record a py-spy profile of a proc and save py-spy\'s flame graph SVG as it comes (an actor reference: the proc hosting it), or draw one from a recording py-spy wrote (--from)',
  args: {
    duration: textDefault('--duration <s>', 'seconds to record, 1..300', '5'),
    rate: textDefault('--rate <hz>', 'samples per second, 1..1000', '100'),
    native: bool('--native', 'include native (C/C++/Rust) frames'),
    threads: bool('--threads', 'one flame per thread'),
    nonblocking: bool('--nonblocking', 'do not pause the process while sampling (less accurate, no pauses)'),
    out: out('where to save the SVG (-o/--output is the global output format, not the file)'),
    force: force('overwrite the file if it exists'),
    from: text('--from <file>', 'draw a recording py-spy wrote (record -f raw or -f speedscope) or a dump (--json; "-" reads stdin) instead of recording'),
    serve: { flags: '--serve [port]', description: 'then serve it on 127.0.0.1 (port 8888 when free, else any free one; or the port given) and print the browser URL and, over ssh, the ssh -L tunnel' } as import('../../src/app/flags.js').FlagSpec<string | boolean, false>,
    outF: legacy('-f <file>', 'out', '-O/--out (-f is --file, an input file)'),
  },
  notes: 'The file is written atomically and never replaces an existing one without --force.\n--serve takes an optional port: give the reference before it (or use --serve=PORT).',
  examples: [
    'meshscope pyspy flamegraph PROC --duration 30 -O profile.svg',
    'meshscope pyspy flamegraph ACTOR_REF --native -O profile.svg --serve',
    'meshscope pyspy flamegraph --from profile.txt -O profile.svg   # py-spy record -f raw -o profile.txt',
  ],
  async run(s, opts, ref: string | undefined) {
    const { pyspyFlamegraph, pyspyFlamegraphFromFile } = await import('../../src/profiling/pyspy-flows.js');
    const { usageError } = await import('../../src/errors.js');
    const flows = { ...opts, signal: s.signal, env: s.io.env };
    if (opts.from !== undefined) {
      if (ref !== undefined) throw usageError('give a reference or --from FILE, not both', 'meshscope pyspy flamegraph REF (record now) or meshscope pyspy flamegraph --from FILE (draw a recording)');
      return pyspyFlamegraphFromFile(s.out, { ...flows, stdin: await stdinFor(opts.from, s.io.stdin) });
    }
    if (ref === undefined) throw usageError('a proc or actor reference is required (or --from FILE)', 'list them with `meshscope mesh tree`');
    const { AdminClient } = await import('../../src/backends/admin/client.js');
    const { parseProfileLimits } = await import('../../src/profiling/pyspy.js');
    // Refuse bad limits before anything is resolved or sent.
    parseProfileLimits(opts.duration, opts.rate);
    const admin = new AdminClient(await s.client('admin'));
    return pyspyFlamegraph(admin, s.out, ref, flows);
  },
});
