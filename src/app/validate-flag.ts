/**
 * `--validate MODE`, one flag with one meaning wherever it appears: how meshscope treats a payload
 * that does not match its schema (kubectl's strict and warn; `none` is kubectl's `ignore`).
 *
 *   strict  a problem is an error: the command refuses (manifests: exit 2, nothing is sent) or
 *           fails (a server payload that breaks the server's own schema: exit 1)
 *   warn    each problem is one `warning:` line on stderr, and the command goes on
 *   none    no check
 *
 * Where it is checked and what the default is depend on the verb: verbs that send a manifest check
 * it locally before sending, `strict` by default (`--validate <mode>`); `mesh get|root|walk|tree`
 * check what the admin server answers against the server's own /v1/schema, `none` by default
 * because it costs a request, and keep `--validate` alone as `warn` (`--validate [mode]`).
 */
import { InvalidArgumentError, Option } from 'commander';
import type { FlagSpec } from '../cli/flags.js';

export const VALIDATE_MODES = ['strict', 'warn', 'none'] as const;
export type ValidateMode = (typeof VALIDATE_MODES)[number];

function parseMode(hint: string) {
  return (value: string): ValidateMode => {
    if ((VALIDATE_MODES as readonly string[]).includes(value)) return value as ValidateMode;
    throw new InvalidArgumentError(`use strict, warn or none${hint}`);
  };
}

/** `--validate <mode>` of the verbs that send a manifest: checked locally, strict by default. */
export function manifestValidateOption(): Option {
  return new Option('--validate <mode>', 'check the manifest locally before sending it: strict refuses a bad one (exit 2), warn prints each problem and sends it, none skips the check')
    .choices(VALIDATE_MODES)
    .argParser(parseMode(''))
    .default('strict');
}

/** `--validate [mode]` of the admin reads: the server's payloads against its own schema; alone it means warn. */
export function payloadValidateOption(what: 'the payload' | 'every payload'): Option {
  return new Option('--validate [mode]', `check ${what} against the server's own JSON Schema (/v1/schema): warn (the default with --validate alone) prints each violation, strict makes one an error (exit 1), none skips the check`)
    .choices(VALIDATE_MODES)
    .argParser(parseMode(' (a value after --validate is its mode: write --validate=MODE, or put --validate after the reference)'))
    .preset('warn');
}

/** The catalogue's form of the two: a flag spec for defineVerb. */
export function manifestValidateFlag(): FlagSpec<ValidateMode, true> {
  const o = manifestValidateOption();
  return { flags: o.flags, description: o.description, default: 'strict', build: manifestValidateOption };
}
export function payloadValidateFlag(what: 'the payload' | 'every payload'): FlagSpec<ValidateMode, false> {
  const o = payloadValidateOption(what);
  return { flags: o.flags, description: o.description, build: () => payloadValidateOption(what) };
}
