/** Flag parsers for mn commands: NAME=VALUE sets, JSON objects (inline or @file), integers and durations. */
import { parseDurationMs, parseInteger } from '../../cli/flags.js';
import { usageError } from '../../errors.js';

/** `--set a.b=1 --set name=x` -> {a: {b: 1}, name: "x"}; values are JSON when they parse as JSON. */
export function parseSets(specs: string[], flag = '--set'): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const spec of specs) {
    const eq = spec.indexOf('=');
    if (eq <= 0) throw usageError(`invalid ${flag} "${spec}"`, `use ${flag} PATH=VALUE, e.g. ${flag} topic=robots`);
    const path = spec.slice(0, eq).split('.');
    if (path.some((p) => !p)) throw usageError(`invalid ${flag} path "${spec.slice(0, eq)}"`, 'use dotted names such as llm.model');
    const rawValue = spec.slice(eq + 1);
    let value: unknown = rawValue;
    try {
      value = JSON.parse(rawValue);
    } catch {
      value = rawValue;
    }
    let cur = out;
    for (const p of path.slice(0, -1)) {
      if (typeof cur[p] !== 'object' || cur[p] === null) cur[p] = {};
      cur = cur[p] as Record<string, unknown>;
    }
    cur[path[path.length - 1]] = value;
  }
  return out;
}

/** A JSON object flag (`--payload '{"a":1}'` or `--filter @file.json`). */
export function parseJsonObject(text: string | undefined, flag: string, readFile: (p: string) => string): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  let src = text;
  if (text.startsWith('@')) {
    try {
      src = readFile(text.slice(1));
    } catch (e) {
      throw usageError(`cannot read ${flag} file ${text.slice(1)}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, 'check the path after @');
    }
  }
  let v: unknown;
  try {
    v = JSON.parse(src);
  } catch (e) {
    throw usageError(`${flag} is not valid JSON: ${(e as Error).message}`, `give a JSON object, e.g. ${flag} '{"key":"value"}' or ${flag} @file.json`);
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw usageError(`${flag} must be a JSON object`, `e.g. ${flag} '{"key":"value"}'`);
  return v as Record<string, unknown>;
}

/** A positive integer flag. */
export function intFlag(value: string | undefined, flag: string, min = 1, max = Number.MAX_SAFE_INTEGER): number | undefined {
  return value === undefined ? undefined : parseInteger(value, flag, { min, max: max < Number.MAX_SAFE_INTEGER ? max : undefined });
}

/** `30s`, `10m`, `2h`, `1d` -> ms. */
export function durationFlag(value: string, flag: string): number {
  return parseDurationMs(value, flag);
}
