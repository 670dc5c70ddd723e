/** Parsing of the astromesh commands' flag values, with errors that name the flag and the fix. */
import { usageError } from '../../errors.js';

/** A value from `k=v`: JSON numbers, booleans, null, objects and arrays are typed; anything else is a string. */
export function typedValue(v: string): unknown {
  const t = v.trim();
  if (/^(-?\d+(\.\d+)?([eE][-+]?\d+)?|true|false|null)$/.test(t) || /^[[{"]/.test(t)) {
    try {
      return JSON.parse(t);
    } catch {
      return v;
    }
  }
  return v;
}

/** Repeated `--flag key=value` options into an object. */
export function keyValues(items: string[], flag: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const item of items) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw usageError(`${flag} expects key=value, got "${item}"`, `e.g. ${flag} expression=2+2 (numbers, true/false and JSON are typed; quote a string that looks like one: ${flag} 'id="42"')`);
    out[item.slice(0, eq)] = typedValue(item.slice(eq + 1));
  }
  return out;
}

/** commander's collector for a repeatable option. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Text piped on stdin (trimmed); empty when stdin is a terminal, so nothing waits for typing. */
export async function readQuery(stdin: NodeJS.ReadableStream & { isTTY?: boolean }): Promise<string> {
  if (stdin.isTTY) return '';
  const chunks: Buffer[] = [];
  for await (const c of stdin) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks).toString('utf8').trim();
}
