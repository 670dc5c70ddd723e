import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';

export default function register(noun: Command, host: CommandHost): void {
  noun
    .command('list')
    .alias('ls')
    .description('list jobs, newest first (active ones unless --all)')
    .option('--limit <n>', 'at most this many jobs', '20')
    .option('--all', 'include completed, failed and cancelled jobs')
    .action(
      host.act(async (s, opts: { limit?: string; all?: boolean }) => {
        const { intFlag } = await import('../../src/backends/mn/files.js');
        const limit = intFlag(opts.limit, '--limit', 1, 1000);
        const { MnClient } = await import('../../src/backends/mn/client.js');
        const { listJobs } = await import('../../src/backends/mn/flows.js');
        await listJobs(new MnClient(await s.client('mn')), s.out, { limit, all: opts.all });
      }),
    );
}
