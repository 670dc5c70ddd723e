import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';
import { nameArg } from '../../src/app/names.js';

export default function register(noun: Command, host: CommandHost): void {
  noun
    .command('dispatch <schedule-id>')
    .description('dispatch a schedule now; --wait follows the job it starts')
    .option('--payload <json>', 'payload for this dispatch: a JSON object, or @file.json')
    .option('--reason <text>', 'why', 'manual')
    .option('--wait', 'follow the dispatched job to its end (exit 0 completed, 1 failed or cancelled)')
    .action(
      host.act(async (s, opts: { payload?: string; reason?: string; wait?: boolean }, id) => {
        id = nameArg(id, 'schedule');
        const { readFileSync } = await import('node:fs');
        const { parseJsonObject } = await import('../../src/backends/mn/files.js');
        const payload = parseJsonObject(opts.payload, '--payload', (p) => readFileSync(p, 'utf8'));
        const { MnClient } = await import('../../src/backends/mn/client.js');
        const client = new MnClient(await s.client('mn'));
        const res = await client.dispatchSchedule(id, payload ?? {}, opts.reason ?? 'manual');
        if (opts.wait && res.job_id) {
          if (!s.out.structured) s.out.info(`dispatched job ${res.job_id}`);
          const { followJob, reportOutcome } = await import('../../src/backends/mn/flows.js');
          return reportOutcome(s.out, await followJob({ client, out: s.out, io: s.io, signal: s.signal }, res.job_id));
        }
        s.out.item(
          [
            ['Schedule ID', res.schedule_id ?? id],
            ['Status', res.status],
            ['Job ID', res.job_id ?? '(none: skipped)'],
            ['Event ID', res.event_id],
          ],
          res,
          res.job_id ? `job/${res.job_id}` : `schedule/${id}`,
        );
      }),
    );
}
