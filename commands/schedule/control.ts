/** schedule pause | resume | delete ID [--reason]. */
import { defineVerb } from '../../src/app/command.js';
import { text } from '../../src/app/flags.js';
import { nameArg } from '../../src/app/names.js';

const HELP = { pause: 'pause a schedule (no dispatches until resumed)', resume: 'resume a paused schedule', delete: 'delete a schedule' };

export function scheduleControl(action: 'pause' | 'resume' | 'delete') {
  return defineVerb({
    name: action,
    positional: '<schedule-id>',
    summary: HELP[action],
    args: { reason: text('--reason <text>', 'why (kept with the schedule)') },
    async run(s, opts, id) {
          id = nameArg(id, 'schedule');
          const { MnClient } = await import('../../src/backends/mn/client.js');
          const { statusTone } = await import('../../src/backends/mn/render.js');
          const c = new MnClient(await s.client('mn'));
          const res = action === 'pause' ? await c.pauseSchedule(id, opts.reason) : action === 'resume' ? await c.resumeSchedule(id, opts.reason) : await c.deleteSchedule(id, opts.reason);
          s.out.item(
            [
              ['Schedule ID', res.schedule_id ?? res.id ?? id],
              ['Status', res.status, statusTone(res.status)],
              ['Next run', res.schedule?.next_run_at ?? undefined],
            ],
            res,
            `schedule/${res.schedule_id ?? id}`,
          );
    },
  });
}

export const pause = scheduleControl('pause');
export const resume = scheduleControl('resume');
export const del = scheduleControl('delete');
