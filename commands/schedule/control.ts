/** schedule pause | resume | delete ID [--reason]. */
import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';
import { nameArg } from '../../src/app/names.js';

const HELP = { pause: 'pause a schedule (no dispatches until resumed)', resume: 'resume a paused schedule', delete: 'delete a schedule' };

export function scheduleControl(action: 'pause' | 'resume' | 'delete') {
  return function register(noun: Command, host: CommandHost): void {
    noun
      .command(`${action} <schedule-id>`)
      .description(HELP[action])
      .option('--reason <text>', 'why (kept with the schedule)')
      .action(
        host.act(async (s, opts: { reason?: string }, id) => {
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
        }),
      );
  };
}

export const pause = scheduleControl('pause');
export const resume = scheduleControl('resume');
export const del = scheduleControl('delete');
