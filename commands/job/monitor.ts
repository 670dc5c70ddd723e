import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';
import { nameArg } from '../../src/app/names.js';

interface Opts {
  poll?: boolean;
  interval?: string;
}

export default function register(noun: Command, host: CommandHost): void {
  noun
    .command('monitor <job-id>')
    .description('watch a job live until it ends (exit 0 completed, 1 failed or cancelled); NDJSON snapshots under -o json or without a terminal')
    .option('--poll', 'poll workflow-progress instead of using the SSE stream')
    .option('--interval <seconds>', 'stream heartbeat interval asked of the server (0.25-30, default 1)')
    .addHelpText('after', '\nKeys: ↑/↓ select agent, Enter details, Backspace overview, q or Ctrl+C detach (the job keeps running).\nThe stream is GET jobs/{id}/workflow-progress/stream; set MN_JOB_MONITOR_DISABLE_API_STREAM=1 to always poll.')
    .action(
      host.act(async (s, opts: Opts, id) => {
        id = nameArg(id, 'job');
        const { usageError } = await import('../../src/errors.js');
        const intervalS = opts.interval === undefined ? undefined : Number(opts.interval);
        if (intervalS !== undefined && !(intervalS >= 0.25 && intervalS <= 30)) throw usageError(`invalid --interval "${opts.interval}"`, 'give seconds between 0.25 and 30');
        const { MnClient } = await import('../../src/backends/mn/client.js');
        const client = new MnClient(await s.client('mn'));
        const ctx = { client, out: s.out, io: s.io, signal: s.signal };
        const tty = Boolean((s.io.stdin as { isTTY?: boolean }).isTTY && s.io.stdout.isTTY);
        if (!tty || s.out.format === 'json' || s.out.format === 'yaml') {
          const { monitorNdjson } = await import('../../src/backends/mn/flows.js');
          return monitorNdjson(ctx, id, { poll: opts.poll, intervalS });
        }
        const { liveMonitor } = await import('../../src/tui/job-monitor/live.js');
        return liveMonitor(ctx, id, { poll: opts.poll, intervalS });
      }),
    );
}
