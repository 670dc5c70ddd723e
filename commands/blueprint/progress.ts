import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';

export default function register(noun: Command, host: CommandHost): void {
  noun
    .command('progress <progress-id>')
    .description('a launch progress record: its phases, run and job; -f follows it to the end')
    .option('-f, --follow', 'follow the phases until the launch completes or fails (exit 1 when it fails)')
    .action(
      host.act(async (s, opts: { follow?: boolean }, pid) => {
        const { MnClient } = await import('../../src/backends/mn/client.js');
        const { renderLaunchProgress } = await import('../../src/backends/mn/render.js');
        const client = new MnClient(await s.client('mn'));
        let p;
        if (opts.follow) {
          const { followLaunch } = await import('../../src/backends/mn/flows.js');
          p = await followLaunch({ client, out: s.out, io: s.io, signal: s.signal }, pid, { ndjson: s.out.format === 'json' });
          if (s.out.format === 'json') return p.status === 'failed' ? 1 : 0;
        } else p = await client.launchProgress(pid);
        renderLaunchProgress(s.out, p);
        return p.status === 'failed' ? 1 : 0;
      }),
    );
}
