import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';
import { payloadValidateOption, type ValidateMode } from '../../src/app/validate-flag.js';

export default function register(noun: Command, host: CommandHost): void {
  noun
    .command('get <reference>')
    .description('show any node by its reference (GET /v1/{reference}); the reference is sent exactly as given')
    .option('--flight-recorder', "show the actor's flight recorder as a table of events")
    .option('--no-flight-recorder', 'leave the flight recorder out (it can be tens of KB)')
    .addOption(payloadValidateOption('the payload'))
    .addHelpText('after', '\nReferences are opaque: quote them as the server lists them, e.g.\n  meshscope mesh get \'philosopher<2MuAHeDjLCEd>.philosophers<abc>@tcp://[::1]:2345\'')
    .action(
      host.act(async (s, opts: { validate?: ValidateMode; flightRecorder?: boolean }, ref: string) => {
        if (ref === '') {
          const { usageError } = await import('../../src/errors.js');
          throw usageError('the reference is empty', 'give a reference such as root, or one listed by `meshscope mesh walk -o name`');
        }
        const { showNode } = await import('./show-node.js');
        return showNode(s, ref, { validate: opts.validate, flightRecorder: opts.flightRecorder });
      }),
    );
}
