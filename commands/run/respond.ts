import { defineVerb } from '../../src/app/command.js';
import { text, textDefault, textRequired } from '../../src/app/flags.js';
import { nameArg } from '../../src/app/names.js';

export default defineVerb({
  name: 'respond',
  positional: '<run-id> <request-id>',
  summary: 'answer a human review request',
  args: {
    decision: textRequired('--decision <decision>', 'approve, reject, or another decision the request offers'),
    notes: text('--notes <text>', 'notes for the record'),
    reviewer: textDefault('--reviewer <name>', 'who decided', 'meshscope'),
  },
  async run(s, opts, runId, requestId) {
    runId = nameArg(runId, 'run');
    requestId = nameArg(requestId, 'human');
    const { MnClient } = await import('../../src/backends/mn/client.js');
    const rec = await new MnClient(await s.client('mn')).respondHuman(runId, requestId, { decision: opts.decision, notes: opts.notes, reviewer: opts.reviewer ?? 'meshscope' });
    s.out.item(
      [
        ['Request', requestId],
        ['Decision', opts.decision],
        ['Recorded', rec.type],
        ['At', rec.ts],
      ],
      rec,
      `human/${requestId}`,
    );
  },
});
