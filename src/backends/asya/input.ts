/** Parsing of envelope command input: headers and statuses (JSON values, numbers: the flag catalogue, src/cli/flags.ts). */
import { usageError } from '../../errors.js';
import { SIDECAR_STATUSES, STATUSES } from '../../vocab/asya.js';

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

/** A status the server stores (or maps: received|processing|completed become running). */
export function checkStatus(value: string, flag: string, allowSidecar: boolean): string {
  const known: readonly string[] = allowSidecar ? [...STATUSES, ...SIDECAR_STATUSES] : STATUSES;
  if (!known.includes(value)) throw usageError(`unknown ${flag} "${value}"`, `use one of: ${known.join(', ')}`);
  return value;
}
