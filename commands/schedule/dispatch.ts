import { defineVerb } from '../../src/app/command.js';
import { bool, jsonObject, textDefault } from '../../src/app/flags.js';
import { nameArg } from '../../src/app/names.js';

export default defineVerb({
  name: 'dispatch',
  positional: '<schedule-id>',
  summary: 'dispatch a schedule now; --wait follows the job it starts',
  args: {
    payload: jsonObject('--payload <json>', 'payload for this dispatch: a JSON object, @file.json, or - for stdin'),
    reason: textDefault('--reason <text>', 'why', 'manual'),
    wait: bool('--wait', 'follow the dispatched job to its end (exit 0 completed, 1 failed or cancelled)'),
  },
  async run(s, opts, id) {
    id = nameArg(id, 'schedule');
    const payload = opts.payload;
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
  },
});
