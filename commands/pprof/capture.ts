import { defineVerb } from '../../src/app/command.js';
import { force, legacy, out, text, textRequired } from '../../src/app/flags.js';

export default defineVerb({
  name: 'capture',
  summary: 'capture a Go pprof profile from a grid node (POST /internal/v1/pprof with the bearer token) and save it',
  args: {
    client: textRequired('--client <node>', 'id of the grid node to profile'),
    // required, but checked with the request (checkRequest) so that the error names the profile types
    profile: text('--profile <type>', 'required: cpu | allocs | heap | goroutine | block | mutex | threadcreate (cpu samples for 30 s)'),
    module: text('--module <name>', 'grid module to profile (server default: grid.client)'),
    out: out('where to save the profile (without it: the server\'s Content-Disposition name in the current folder; -o is the output format)'),
    force: force('overwrite the file named with -O/--out if it exists (a name the server chose is never overwritten)'),
    outF: legacy('-f <file>', 'out', '-O/--out (-f is --file, an input file)'),
  },
  notes: 'The token comes from GRID_TOKEN or the context (token-env / token-file).',
  examples: ['meshscope pprof capture --client NODE_ID --profile heap', 'meshscope pprof capture --client NODE_ID --profile cpu -O cpu.pb.gz && meshscope pprof top cpu.pb.gz'],
  async run(s, opts) {
    const { pprofCapture } = await import('../../src/profiling/pprof-flows.js');
    const { GridClient } = await import('../../src/backends/grid/client.js');
    const { serverNamed } = await import('../../src/files.js');
    // --force replaces only a file the user named: without -O the server chooses the name
    const capture = () => pprofCapture(async () => new GridClient(await s.client('grid')), s.out, { client: opts.client, profile: opts.profile, module: opts.module, out: opts.out, force: Boolean(opts.force && opts.out), signal: s.signal });
    return opts.out ? capture() : serverNamed(capture, '-O/--out');
  },
});
