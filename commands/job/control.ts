/** job cancel | pause | resume: one small factory, three verbs. */
import { defineVerb } from '../../src/app/command.js';
import { wait } from '../../src/app/flags.js';
import { nameArg } from '../../src/app/names.js';

const WANTED: Record<string, string[]> = { cancel: ['cancelled'], pause: ['paused'], resume: ['running'] };
const HELP: Record<string, string> = {
  cancel: 'cancel a job (it goes through cancelling to cancelled)',
  pause: 'pause a running job (it goes through pausing to paused)',
  resume: 'resume a paused job',
};

export function controlVerb(action: 'cancel' | 'pause' | 'resume') {
  return defineVerb({
    name: action,
    positional: '<job-id>',
    summary: HELP[action],
    args: { wait: wait(`wait until the job is ${WANTED[action][0]}`) },
    async run(s, opts, id) {
          id = nameArg(id, 'job');
          const { MnClient } = await import('../../src/backends/mn/client.js');
          const client = new MnClient(await s.client('mn'));
          const res = await client.controlJob(id, action);
          let status = res.status;
          // The gateway answers the status the request leads to (paused, cancelled, running) while the
          // job may still be pausing or cancelling: --wait reads the job's own status until it is there.
          if (opts.wait) {
            const { waitForStatus } = await import('../../src/backends/mn/monitor.js');
            const spin = s.out.progress(`job ${id}: waiting until it is ${WANTED[action][0]}`);
            try {
              status = await waitForStatus(client, id, WANTED[action], { signal: s.signal });
            } finally {
              spin.done();
            }
          }
          const { statusTone } = await import('../../src/backends/mn/render.js');
          s.out.item(
            [
              ['Job ID', res.job_id],
              ['Status', status, statusTone(status)],
            ],
            { ...res, status },
            `job/${res.job_id}`,
          );
          return opts.wait && !WANTED[action].includes(status) ? 1 : 0;
    },
  });
}

export const cancel = controlVerb('cancel');
export const pause = controlVerb('pause');
export const resume = controlVerb('resume');
