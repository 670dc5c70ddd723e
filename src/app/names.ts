/**
 * Names as `-o name` prints them, read back. kubectl takes `pod/web`, `pods/web` and `web` wherever
 * it takes the name of one pod; meshscope does the same: every argument that names one thing some
 * list prints as `kind/ID` under `-o name` accepts `ID`, `kind/ID` and `kinds/ID`, so
 * `meshscope job list -o name | xargs -n1 meshscope job get` works.
 *
 * Admin references are opaque (`mesh walk -o name` prints them raw) and never pass through here.
 */
import { usageError } from '../errors.js';

/** Every kind some `-o name` prints (`kind/ID`). A prefix that is none of these is part of the ID. */
const KINDS = new Set([
  'agent', 'artifact', 'blueprint', 'check', 'chunk', 'component', 'context', 'counter', 'dead-letter', 'document',
  'endpoint', 'envelope', 'event', 'histogram', 'human', 'issue', 'job', 'memory', 'message', 'model', 'node',
  'output', 'phase', 'port', 'run', 'scenario', 'schedule', 'service', 'span', 'step', 'timeline', 'tool', 'trace',
]);

function plural(kind: string): string {
  return /[^aeiou]y$/.test(kind) ? `${kind.slice(0, -1)}ies` : `${kind}s`;
}

/** The kind a prefix names (`jobs` and `Job` name `job`), or undefined. */
function kindOf(prefix: string): string | undefined {
  const p = prefix.toLowerCase();
  if (KINDS.has(p)) return p;
  for (const k of KINDS) if (plural(k) === p) return k;
  return undefined;
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? 'an' : 'a';
}

export interface NameArgOptions {
  /**
   * The value may be a path (`outputs/data.csv`): only `kind/` exactly as `-o name` prints it is
   * taken off, and any other prefix is left as part of the path, never refused.
   */
  path?: boolean;
}

/**
 * The ID in an argument that names one `kind`: `ID`, `kind/ID` or `kinds/ID` give `ID`. Another
 * kind's prefix (`envelope/ID` where a job is expected) is a usage error naming the kind expected.
 * Only the first prefix is taken off, so `tool/memory/search` names the tool `memory/search`.
 */
export function nameArg(value: string, kind: string, opts: NameArgOptions = {}): string {
  if (opts.path) return value.startsWith(`${kind}/`) && value.length > kind.length + 1 ? value.slice(kind.length + 1) : value;
  const slash = value.indexOf('/');
  if (slash <= 0) return value;
  const named = kindOf(value.slice(0, slash));
  if (named === undefined) return value;
  const id = value.slice(slash + 1);
  if (named === kind) {
    if (!id) throw usageError(`"${value}" names no ${kind}`, `give ${article(kind)} ${kind} ID, or ${kind}/ID as \`-o name\` prints it`);
    return id;
  }
  throw usageError(
    `"${value}" names ${article(named)} ${named}, not ${article(kind)} ${kind}`,
    `give ${article(kind)} ${kind} ID, or ${kind}/ID as \`-o name\` prints it${id ? `; if "${value}" is itself the ${kind}'s ID, write ${kind}/${value}` : ''}`,
  );
}
