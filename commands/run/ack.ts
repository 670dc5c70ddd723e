import { defineVerb } from '../../src/app/command.js';
import { text, textDefault } from '../../src/app/flags.js';
import { nameArg } from '../../src/app/names.js';

export default defineVerb({
  name: 'ack',
  positional: '<run-id> <notice-id>',
  summary: 'acknowledge a human notice',
  args: {
    reviewer: textDefault('--reviewer <name>', 'who acknowledged', 'meshscope'),
    notes: text('--notes <text>', 'notes for the record'),
  },
  async run(s, opts, runId, noticeId) {
    runId = nameArg(runId, 'run');
    noticeId = nameArg(noticeId, 'human');
    const { MnClient } = await import('../../src/backends/mn/client.js');
    const rec = await new MnClient(await s.client('mn')).ackHuman(runId, noticeId, { reviewer: opts.reviewer ?? 'meshscope', notes: opts.notes });
    s.out.item(
      [
        ['Notice', noticeId],
        ['Recorded', rec.type],
        ['At', rec.ts],
      ],
      rec,
      `human/${noticeId}`,
    );
  },
});
