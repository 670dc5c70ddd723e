/** Parsing of envelope command input: JSON values given as text, @file or - (stdin), headers, numbers. */
import { usageError } from '../../errors.js';
import { parseInteger, parseJsonValue, parseNumber } from '../../cli/flags.js';
import { SIDECAR_STATUSES, STATUSES } from './models.js';


/** `--flag JSON|@file|-`: the JSON value, with an error that names the flag and the fix. */
export async function readJsonArg(value: string, flag: string, stdin: NodeJS.ReadableStream): Promise<unknown> {
  return parseJsonValue(value, flag, { stdin, example: '{"query":"hello"}' });
}

/** A JSON object argument (event data). */
export async function readJsonObjectArg(value: string, flag: string, stdin: NodeJS.ReadableStream): Promise<Record<string, unknown>> {
  return parseJsonValue(value, flag, { stdin, object: true, example: '{"actor":"echo"}' }) as Promise<Record<string, unknown>>;
}

/** `--header K=V` (repeatable) into an object; the last value of a key wins. */
export function parseHeaders(values: string[] | undefined): Record<string, string> | undefined {
  if (!values?.length) return undefined;
  const out: Record<string, string> = {};
  for (const v of values) {
    const i = v.indexOf('=');
    if (i <= 0) throw usageError(`invalid --header "${v}"`, 'use --header KEY=VALUE, e.g. --header trace_id=abc');
    out[v.slice(0, i).trim()] = v.slice(i + 1);
  }
  return out;
}

export function parseIntFlag(value: string | undefined, flag: string, min: number): number | undefined {
  return value === undefined ? undefined : parseInteger(value, flag, { min });
}

export function parseNumberFlag(value: string | undefined, flag: string): number | undefined {
  return value === undefined ? undefined : parseNumber(value, flag);
}

/** A status the server stores (or maps: received|processing|completed become running). */
export function checkStatus(value: string, flag: string, allowSidecar: boolean): string {
  const known: readonly string[] = allowSidecar ? [...STATUSES, ...SIDECAR_STATUSES] : STATUSES;
  if (!known.includes(value)) throw usageError(`unknown ${flag} "${value}"`, `use one of: ${known.join(', ')}`);
  return value;
}
