/** Flag parsers for mn commands: NAME=VALUE sets (numbers, durations and JSON values are the flag catalogue's, src/cli/flags.ts). */
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

