import { defineVerb } from '../../src/app/command.js';
import { nameArg } from '../../src/app/names.js';
import { bool, interval } from '../../src/app/flags.js';

export default defineVerb({
  name: 'monitor',
  positional: '<job-id>',
  summary: 'watch a job live until it ends (exit 0 completed, 1 failed or cancelled); NDJSON snapshots under -o json or without a terminal',
  args: {
    poll: bool('--poll', 'poll workflow-progress instead of using the SSE stream'),
    interval: interval('stream heartbeat interval asked of the server, 250ms to 30s', '1s', { min: 250, max: 30_000, bareUnit: 's' }),
  },
  notes: 'Keys: ↑/↓ select agent, Enter details, Backspace overview, q or Ctrl+C detach (the job keeps running).\nThe stream is GET jobs/{id}/workflow-progress/stream; set MN_JOB_MONITOR_DISABLE_API_STREAM=1 to always poll.',
  async run(s, opts, id) {
        id = nameArg(id, 'job');
        const intervalS = opts.interval / 1000;
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
  },
});
