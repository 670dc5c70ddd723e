/** Parsing of envelope command input: JSON values given as text, @file or - (stdin), headers, numbers. */
import { readFile } from 'node:fs/promises';
import { usageError } from '../../errors.js';
import { SIDECAR_STATUSES, STATUSES } from './statuses.js';

async function readStdin(stdin: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stdin) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** `--flag JSON|@file|-`: the JSON value, with an error that names the flag and the fix. */
export async function readJsonArg(value: string, flag: string, stdin: NodeJS.ReadableStream): Promise<unknown> {
  let text: string;
  let source: string;
  if (value === '-') {
    text = await readStdin(stdin);
    source = 'stdin';
  } else if (value.startsWith('@')) {
    const file = value.slice(1);
    if (!file) throw usageError(`${flag} @ needs a file name`, `use ${flag} @payload.json`);
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      throw usageError(`cannot read ${flag} file ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, 'check the path after @');
    }
    source = file;
  } else {
    text = value;
    source = '';
  }
  if (text.trim() === '') throw usageError(`${flag} is empty${source ? ` (${source})` : ''}`, `give a JSON value, e.g. ${flag} '{"query":"hello"}'`);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw usageError(
      `${flag} is not valid JSON${source ? ` (${source})` : ''}: ${(e as Error).message}`,
      `quote it for the shell, e.g. ${flag} '{"query":"hello"}', or pass ${flag} @file.json or ${flag} - to read stdin`,
    );
  }
}

/** A JSON object argument (event data). */
export async function readJsonObjectArg(value: string, flag: string, stdin: NodeJS.ReadableStream): Promise<Record<string, unknown>> {
  const v = await readJsonArg(value, flag, stdin);
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw usageError(`${flag} must be a JSON object`, `e.g. ${flag} '{"actor":"echo"}'`);
  return v as Record<string, unknown>;
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
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min) throw usageError(`invalid ${flag} "${value}"`, `give a whole number${min > 0 ? ` of at least ${min}` : ' (0 or more)'}`);
  return n;
}

export function parseNumberFlag(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw usageError(`invalid ${flag} "${value}"`, 'give a number, e.g. 50');
  return n;
}

/** A status the server stores (or maps: received|processing|completed become running). */
export function checkStatus(value: string, flag: string, allowSidecar: boolean): string {
  const known: readonly string[] = allowSidecar ? [...STATUSES, ...SIDECAR_STATUSES] : STATUSES;
  if (!known.includes(value)) throw usageError(`unknown ${flag} "${value}"`, `use one of: ${known.join(', ')}`);
  return value;
}
