import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';

interface Opts {
  client?: string;
  profile?: string;
  module?: string;
  out?: string;
  force?: boolean;
}

export default function register(noun: Command, host: CommandHost): void {
  noun
    .command('capture')
    .description('capture a Go pprof profile from a grid node (POST /internal/v1/pprof with the bearer token) and save it')
    .requiredOption('--client <node>', 'id of the grid node to profile')
    // required, but checked with the request (checkRequest) so that the error names the profile types
    .option('--profile <type>', 'required: cpu | allocs | heap | goroutine | block | mutex | threadcreate (cpu samples for 30 s)')
    .option('--module <name>', 'grid module to profile (server default: grid.client)')
    .option('-f, --out <file>', 'where to save the profile (default: the server\'s Content-Disposition name in the current folder; -o is the output format)')
    .option('--force', 'overwrite the file named with -f/--out if it exists (a name the server chose is never overwritten)')
    .addHelpText('after', '\nThe token comes from GRID_TOKEN or the context (token-env / token-file).\nExamples:\n  meshscope pprof capture --client NODE_ID --profile heap\n  meshscope pprof capture --client NODE_ID --profile cpu --out cpu.pb.gz && meshscope pprof top cpu.pb.gz')
    .action(
      host.act(async (s, opts: Opts) => {
        const { pprofCapture } = await import('../../src/profiling/pprof-flows.js');
        const { GridClient } = await import('../../src/backends/grid/client.js');
        const { serverNamed } = await import('../../src/files.js');
        // --force replaces only a file the user named: without -f the server chooses the name
        const capture = () => pprofCapture(async () => new GridClient(await s.client('grid')), s.out, { ...opts, force: Boolean(opts.force && opts.out), signal: s.signal });
        return opts.out ? capture() : serverNamed(capture, '-f/--out');
      }),
    );
}
