import { defineVerb } from '../../src/app/command.js';
import { tristate } from '../../src/app/flags.js';
import { payloadValidateFlag } from '../../src/app/validate-flag.js';

export default defineVerb({
  name: 'get',
  positional: '<reference>',
  summary: 'show any node by its reference (GET /v1/{reference}); the reference is sent exactly as given',
  args: {
    flightRecorder: tristate('--flight-recorder', "show the actor's flight recorder as a table of events", 'leave the flight recorder out (it can be tens of KB)'),
    validate: payloadValidateFlag('the payload'),
  },
  notes: "References are opaque: quote them as the server lists them, e.g.\n  meshscope mesh get 'philosopher<2MuAHeDjLCEd>.philosophers<abc>@tcp://[::1]:2345'",
  async run(s, opts, ref: string) {
    if (ref === '') {
      const { usageError } = await import('../../src/errors.js');
      throw usageError('the reference is empty', 'give a reference such as root, or one listed by `meshscope mesh walk -o name`');
    }
    const { showNode } = await import('./show-node.js');
    return showNode(s, ref, { validate: opts.validate, flightRecorder: opts.flightRecorder });
  },
});
