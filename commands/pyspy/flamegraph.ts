import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';
import type { FlamegraphOptions } from '../../src/profiling/pyspy-flows.js';

type Opts = Omit<FlamegraphOptions, 'signal' | 'env'>;

export default function register(noun: Command, host: CommandHost): void {
  noun
    .command('flamegraph [ref]')
    .description('record a py-spy profile of a proc and save py-spy\'s flame graph SVG as it comes (an actor reference: the proc hosting it), or draw one from a recording py-spy wrote (--from)')
    .option('--duration <s>', 'seconds to record, 1..300', '5')
    .option('--rate <hz>', 'samples per second, 1..1000', '100')
    .option('--native', 'include native (C/C++/Rust) frames')
    .option('--threads', 'one flame per thread')
    .option('--nonblocking', 'do not pause the process while sampling (less accurate, no pauses)')
    .option('-f, --out <file>', 'where to save the SVG (-o/--output is the global output format, not the file)')
    .option('--force', 'overwrite the file if it exists')
    .option('--from <file>', 'draw a recording py-spy wrote (record -f raw or -f speedscope) or a dump (--json) instead of recording')
    .option('--serve [port]', 'then serve it on 127.0.0.1 (default port 8888, or a free one) and print the browser URL and, over ssh, the ssh -L tunnel')
    .addHelpText('after', '\nThe file is written atomically and never replaces an existing one without --force.\n--serve takes an optional port: give the reference before it (or use --serve=PORT).\nExamples:\n  meshscope pyspy flamegraph PROC --duration 30 --out profile.svg\n  meshscope pyspy flamegraph ACTOR_REF --native --out profile.svg --serve\n  meshscope pyspy flamegraph --from profile.txt --out profile.svg   # py-spy record -f raw -o profile.txt')
    .action(
      host.act(async (s, opts: Opts, ref: string | undefined) => {
        const { pyspyFlamegraph, pyspyFlamegraphFromFile } = await import('../../src/profiling/pyspy-flows.js');
        const { usageError } = await import('../../src/errors.js');
        if (opts.from !== undefined) {
          if (ref !== undefined) throw usageError('give a reference or --from FILE, not both', 'meshscope pyspy flamegraph REF (record now) or meshscope pyspy flamegraph --from FILE (draw a recording)');
          return pyspyFlamegraphFromFile(s.out, { ...opts, signal: s.signal, env: s.io.env });
        }
        if (ref === undefined) throw usageError('a proc or actor reference is required (or --from FILE)', 'list them with `meshscope mesh tree`');
        const { AdminClient } = await import('../../src/backends/admin/client.js');
        const { parseProfileLimits } = await import('../../src/profiling/pyspy.js');
        // Refuse bad limits before anything is resolved or sent.
        parseProfileLimits(opts.duration, opts.rate);
        const admin = new AdminClient(await s.client('admin'));
        return pyspyFlamegraph(admin, s.out, ref, { ...opts, signal: s.signal, env: s.io.env });
      }),
    );
}
