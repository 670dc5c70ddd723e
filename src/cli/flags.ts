/**
 * The flag catalogue: one meaning per letter and per long name across every verb, and the one
 * parser of each kind of value (whole numbers, durations, JSON given inline, as @file or as - for
 * stdin). Verbs declare their flags with the helpers below (through defineVerb, src/app/command.ts);
 * test/unit/flag-catalogue.test.ts walks the whole command tree and holds every verb to it.
 *
 *   -f, --file <file>     input file only; `-` reads stdin
 *   -o, --output <format> output format (global)
 *   -O, --out <file>      output file
 *   -w, --follow          keep printing until the thing ends
 *   --interval, --timeout durations: 500ms, 2s, 5m
 *   --limit <n>, --force, -y/--yes, --wait
 */
import { readFile } from 'node:fs/promises';
import { usageError } from '../errors.js';

// ---------------------------------------------------------------------------------------------
// Parsers. Every bad value is a usage error (exit 2) naming the flag, the value and the accepted form.

export interface IntRange {
  min?: number;
  max?: number;
}

function rangeText(r: IntRange): string {
  const min = r.min ?? 0;
  return r.max !== undefined ? `a whole number from ${min} to ${r.max}` : `a whole number of at least ${min}`;
}

/** A whole number within [min, max] (min 0 unless told). */
export function parseInteger(value: string, flag: string, range: IntRange = {}): number {
  const v = String(value).trim();
  const n = Number(v);
  const ok = /^-?\d+$/.test(v) && Number.isSafeInteger(n) && n >= (range.min ?? 0) && (range.max === undefined || n <= range.max);
  if (!ok) throw usageError(`invalid ${flag} "${value}": expected ${rangeText(range)}`, `e.g. ${flag} ${Math.max(range.min ?? 0, Math.min(range.max ?? 10, 10))}`, 'invalid_flag');
  return n;
}

/** A number (decimals allowed) within [min, max]. */
export function parseNumber(value: string, flag: string, range: IntRange = {}): number {
  const v = String(value).trim();
  const n = Number(v);
  const ok = v !== '' && Number.isFinite(n) && (range.min === undefined || n >= range.min) && (range.max === undefined || n <= range.max);
  const accepted = range.min === 0 && range.max === 1 ? 'a fraction from 0 to 1' : range.min !== undefined && range.max !== undefined ? `a number from ${range.min} to ${range.max}` : range.min !== undefined ? `a number of at least ${range.min}` : 'a number';
  if (!ok) throw usageError(`invalid ${flag} "${value}": expected ${accepted}`, `e.g. ${flag} ${range.min ?? 0.5}`, 'invalid_flag');
  return n;
}

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
export type DurationUnit = keyof typeof UNIT_MS;

export interface DurationRules {
  /** Smallest and largest accepted value, in ms. */
  min?: number;
  max?: number;
  /** A bare number is still read in this unit, with a deprecation warning (its old meaning, for one release). */
  bareUnit?: DurationUnit;
  /** Where the deprecation warning goes (stderr). */
  warn?: (message: string) => void;
}

/** `1.5 s` is not a duration; `500ms`, `2s`, `5m`, `1h`, `1d` are. */
function showMs(ms: number): string {
  for (const u of ['d', 'h', 'm', 's'] as const) if (ms >= UNIT_MS[u] && ms % UNIT_MS[u] === 0) return `${ms / UNIT_MS[u]}${u}`;
  return `${ms}ms`;
}

/** A duration (`500ms`, `2s`, `5m`, `1h`, `1d`) in milliseconds. */
export function parseDurationMs(value: string, flag: string, rules: DurationRules = {}): number {
  const v = String(value).trim();
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(v);
  const range = rules.min !== undefined && rules.max !== undefined ? ` from ${showMs(rules.min)} to ${showMs(rules.max)}` : rules.min !== undefined ? ` of at least ${showMs(rules.min)}` : '';
  const accepted = `a duration${range} such as 500ms, 2s, 5m or 1h`;
  if (!m || (m[2] === undefined && !rules.bareUnit)) throw usageError(`invalid ${flag} "${value}": expected ${accepted}`, `write the unit, e.g. ${flag} 2s`, 'invalid_flag');
  const unit = (m[2] ?? rules.bareUnit) as DurationUnit;
  const ms = Math.round(Number(m[1]) * UNIT_MS[unit]);
  if (m[2] === undefined) rules.warn?.(`${flag} ${v} without a unit is deprecated and read as ${v}${unit}; write ${flag} ${v}${unit} (a bare number will be refused in the next release)`);
  if ((rules.min !== undefined && ms < rules.min) || (rules.max !== undefined && ms > rules.max) || (rules.min === undefined && ms <= 0)) {
    throw usageError(`invalid ${flag} "${value}": expected ${rules.min === undefined && !range ? 'a duration greater than zero' : accepted}`, `e.g. ${flag} ${showMs(rules.min ?? 1000)}`, 'invalid_flag');
  }
  return ms;
}

/** Read all of stdin as text. */
export async function readStdinText(stdin: NodeJS.ReadableStream): Promise<string> {
  return (await stdinFor('-', stdin))!.toString('utf8');
}

export interface JsonRules {
  /** Only a JSON object is accepted. */
  object?: boolean;
  /** Where `-` reads from; without it `-` is refused. */
  stdin?: NodeJS.ReadableStream;
  /** The example in the hint. */
  example?: string;
}

/** `--flag JSON`, `--flag @file.json` or `--flag -` (stdin): the JSON value. */
export async function parseJsonValue(value: string, flag: string, rules: JsonRules = {}): Promise<unknown> {
  const example = rules.example ?? '{"key":"value"}';
  let text: string;
  let source = '';
  if (value === '-' && rules.stdin) {
    text = await readStdinText(rules.stdin);
    source = 'stdin';
  } else if (value.startsWith('@')) {
    const file = value.slice(1);
    if (!file) throw usageError(`invalid ${flag} "@": @ needs a file name`, `use ${flag} @payload.json`, 'invalid_flag');
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      throw usageError(`cannot read ${flag} file ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, 'check the path after @', 'invalid_flag');
    }
    source = file;
  } else text = value;
  const forms = `JSON, @file.json${rules.stdin ? ' or - (stdin)' : ''}`;
  if (text.trim() === '') throw usageError(`${flag} is empty${source ? ` (${source})` : ''}: expected ${forms}`, `e.g. ${flag} '${example}'`, 'invalid_flag');
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw usageError(`${flag} is not valid JSON${source ? ` (${source})` : ''}: ${(e as Error).message}`, `quote it for the shell, e.g. ${flag} '${example}', or pass ${flag} @file.json${rules.stdin ? ` or ${flag} - to read stdin` : ''}`, 'invalid_flag');
  }
  if (rules.object && (v === null || typeof v !== 'object' || Array.isArray(v))) throw usageError(`${flag} must be a JSON object, got ${JSON.stringify(v)?.slice(0, 40)}`, `e.g. ${flag} '${example}'`, 'invalid_flag');
  return v;
}

/** The bytes of an input file given as `-`: all of stdin; undefined for any other path (read where it is used). */
export async function stdinFor(path: string | undefined, stdin: NodeJS.ReadableStream): Promise<Buffer | undefined> {
  if (path !== '-') return undefined;
  const chunks: Buffer[] = [];
  for await (const c of stdin) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks);
}

// ---------------------------------------------------------------------------------------------
// Flag declarations: data that defineVerb turns into commander options and typed values.

/** What a parser may use: warnings go to stderr; stdin for `-`. */
export interface ParseContext {
  warn(message: string): void;
  stdin: NodeJS.ReadableStream;
}

/** One flag of a verb. T is the value `run` gets; R says whether it is always there (required or defaulted). */
export interface FlagSpec<T, R extends boolean = boolean> {
  /** commander's spelling: `-w, --follow`, `--limit <n>`, `--serve [port]`. */
  flags: string;
  description: string;
  /** Set in code: commander shows it in help as (default: ...). */
  default?: unknown;
  /** With `[value]`: the value of the flag given alone. */
  preset?: unknown;
  choices?: readonly string[];
  required?: boolean;
  hidden?: boolean;
  /** Repeatable: every value is collected. */
  repeat?: boolean;
  /** From the raw string (or the default) to the value `run` gets. */
  parse?: (raw: string, ctx: ParseContext) => T | Promise<T>;
  /** With a switch: the description of its `--no-` form (both set one value: true, false or unset). */
  negate?: string;
  /** A commander option built elsewhere (one with its own argParser), for what the fields above cannot say. */
  build?: () => import('commander').Option;
  /** An old spelling kept for one release: given, it warns and stands for `for`. */
  legacy?: { for: string; use: string };
  /** Phantom: the value type and whether it is always set. */
  readonly __t?: T;
  readonly __r?: R;
}

type Opt<T> = FlagSpec<T, false>;
type Req<T> = FlagSpec<T, true>;

export interface Common {
  hidden?: boolean;
}

/** A yes/no switch. */
export function bool(flags: string, description: string, o: Common = {}): Opt<boolean> {
  return { flags, description, ...o };
}

/** A switch with a `--no-` form: true, false, or undefined when neither is given. */
export function tristate(flags: string, description: string, negate: string): Opt<boolean> {
  return { flags, description, negate };
}

/** A string value. */
export function text(flags: string, description: string, o: Common & { choices?: readonly string[] } = {}): Opt<string> {
  return { flags, description, ...o };
}
export function textDefault<const D extends string>(flags: string, description: string, def: D, o: Common & { choices?: readonly string[] } = {}): Req<string> {
  return { flags, description, default: def, ...o };
}
export function textRequired(flags: string, description: string, o: Common & { choices?: readonly string[] } = {}): Req<string> {
  return { flags, description, required: true, ...o };
}

/** A repeatable string value. */
export function list(flags: string, description: string, o: Common = {}): Req<string[]> {
  return { flags, description, repeat: true, default: [], ...o };
}

/** A whole number; with a default it is always set. */
export function int(flags: string, description: string, range: IntRange & Common = {}): Opt<number> {
  const { hidden, ...r } = range;
  const flag = longOf(flags);
  return { flags, description, hidden, parse: (v) => parseInteger(v, flag, r) };
}
export function intDefault(flags: string, description: string, def: number, range: IntRange & Common = {}): Req<number> {
  return { ...int(flags, description, range), default: def } as Req<number>;
}

/** A number with decimals. */
export function num(flags: string, description: string, range: IntRange & Common = {}): Opt<number> {
  const { hidden, ...r } = range;
  const flag = longOf(flags);
  return { flags, description, hidden, parse: (v) => parseNumber(v, flag, r) };
}

/** A duration in ms (`500ms`, `2s`, `5m`); a default is given as text (`1s`) so help shows it as written. */
export function duration(flags: string, description: string, rules: Omit<DurationRules, 'warn'> & Common = {}): Opt<number> {
  const { hidden, ...r } = rules;
  const flag = longOf(flags);
  return { flags, description, hidden, parse: (v, ctx) => parseDurationMs(v, flag, { ...r, warn: (m) => ctx.warn(m) }) };
}
export function durationDefault(flags: string, description: string, def: string, rules: Omit<DurationRules, 'warn'> & Common = {}): Req<number> {
  return { ...duration(flags, description, rules), default: def } as Req<number>;
}

/** JSON given inline, as @file or as - (stdin). */
export function json(flags: string, description: string, rules: Omit<JsonRules, 'stdin'> & Common = {}): Opt<unknown> {
  const { hidden, ...r } = rules;
  const flag = longOf(flags);
  return { flags, description, hidden, parse: (v, ctx) => parseJsonValue(v, flag, { ...r, stdin: ctx.stdin }) };
}
export function jsonObject(flags: string, description: string, rules: Omit<JsonRules, 'stdin' | 'object'> & Common = {}): Opt<Record<string, unknown>> {
  return json(flags, description, { ...rules, object: true }) as Opt<Record<string, unknown>>;
}

/** An old spelling kept one release: hidden, warns on use, and stands for the flag `key` (spelled `use`). */
export function legacy(flags: string, key: string, use: string): Opt<never> {
  return { flags, description: `deprecated: use ${use}`, hidden: true, legacy: { for: key, use } };
}

// The shared flags. A verb that has one of these things uses these spellings.

/** `-f, --file <file>`: the input file; `-` reads stdin. */
export const file = (description: string, o: { required?: boolean } = {}): Opt<string> => ({ flags: '-f, --file <file>', description: `${description} ("-" reads stdin)`, ...o });
/** `-O, --out <file>`: where to write the result. */
export const out = (description: string): Opt<string> => ({ flags: '-O, --out <file>', description });
/** `-w, --follow`: keep printing until the thing ends. */
export const follow = (description: string): Opt<boolean> => ({ flags: '-w, --follow', description });
/** `--interval <duration>`: how often (bareUnit: the unit a bare number had before durations). */
export const interval = (description: string, def: string, rules: Omit<DurationRules, 'warn'>): Req<number> => durationDefault('--interval <duration>', description, def, rules);
/** `--limit <n>`: at most this many. */
export const limit = (description: string, def: number | undefined, range: IntRange = { min: 1 }): Opt<number> =>
  def === undefined ? int('--limit <n>', description, range) : (intDefault('--limit <n>', description, def, range) as unknown as Opt<number>);
export const limitDefault = (description: string, def: number, range: IntRange = { min: 1 }): Req<number> => intDefault('--limit <n>', description, def, range);
/** `--force`: overwrite or go ahead despite a guard. */
export const force = (description: string): Opt<boolean> => ({ flags: '--force', description });
/** `-y, --yes`: do not ask. */
export const yes = (description = 'do not ask for confirmation'): Opt<boolean> => ({ flags: '-y, --yes', description });
/** `--wait`: block until the change has taken effect. */
export const wait = (description: string): Opt<boolean> => ({ flags: '--wait', description });

/** The long name of a commander spelling (`-w, --follow` -> `--follow`). */
export function longOf(flags: string): string {
  return /--[\w-]+/.exec(flags)?.[0] ?? flags.split(/[ ,]/)[0];
}

// ---------------------------------------------------------------------------------------------
// The catalogue as data: what each shared letter and long name means everywhere.

export interface CatalogueEntry {
  short?: string;
  long: string;
  /** `<file>`, `<duration>`... or '' for a switch. */
  value: string;
  meaning: string;
  /** Only on the root (meshscope -o ...). */
  global?: boolean;
}

export const CATALOGUE: readonly CatalogueEntry[] = [
  { short: '-f', long: '--file', value: '<file>', meaning: 'input file; `-` reads stdin' },
  { short: '-o', long: '--output', value: '<format>', meaning: 'output format: table, wide, json, yaml or name', global: true },
  { short: '-O', long: '--out', value: '<file>', meaning: 'output file' },
  { short: '-w', long: '--follow', value: '', meaning: 'keep printing until the thing followed ends' },
  { long: '--interval', value: '<duration>', meaning: 'how often, as a duration: 500ms, 2s, 5m' },
  { long: '--timeout', value: '<duration>', meaning: 'overall deadline of the command, as a duration', global: true },
  { long: '--limit', value: '<n>', meaning: 'at most this many' },
  { long: '--force', value: '', meaning: 'overwrite, or go ahead past a guard' },
  { short: '-y', long: '--yes', value: '', meaning: 'do not ask for confirmation' },
  { long: '--wait', value: '', meaning: 'block until the change has taken effect' },
];

/** One option as the tree walk sees it. */
export interface SeenOption {
  command: string;
  short?: string;
  long?: string;
  /** `<file>`, `[mode]` or '' for a switch. */
  value: string;
  hidden: boolean;
  description: string;
  defaultValue: unknown;
}

interface OptionLike {
  short?: string;
  long?: string;
  flags: string;
  hidden: boolean;
  description: string;
  defaultValue?: unknown;
}
interface CommandLike {
  name(): string;
  options: readonly OptionLike[];
  commands: readonly CommandLike[];
}

/** Every option of every command of the tree, with the command's path. */
export function collectOptions(root: CommandLike): SeenOption[] {
  const seen: SeenOption[] = [];
  const walk = (c: CommandLike, path: string) => {
    for (const o of c.options) {
      seen.push({ command: path || '(global)', short: o.short, long: o.long, value: /[<[][^>\]]*[>\]]/.exec(o.flags)?.[0] ?? '', hidden: o.hidden, description: o.description, defaultValue: o.defaultValue });
    }
    for (const k of c.commands) walk(k, path ? `${path} ${k.name()}` : k.name());
  };
  walk(root, '');
  return seen;
}

/** The value's grammar, whether or not it is optional: `<mode>` and `[mode]` are one shape. */
export const valueShape = (v: string): string => v.replace(/^[<[]/, '').replace(/[>\]]$/, '');

/** A default that help prose states (not the server's or daemon's), as written: `16` of "(default 16)". */
export function statedDefault(description: string): string | undefined {
  const m = /(?<!(?:server|daemon|pipeline|profile's|its|the|their) )\bdefault:? (?!the |a |an |send |port |with )([\w.@/-]+(?::[\w.@/-]+)*(?:,[\w.@/-]+)*)/i.exec(description);
  return m?.[1];
}

/** The README's table of shared flags: what each means, and the verbs that take it. */
export function renderFlagTable(root: CommandLike): string {
  const opts = collectOptions(root).filter((o) => !o.hidden);
  const rows = CATALOGUE.map((e) => {
    const users = e.global ? ['every command'] : opts.filter((o) => o.long === e.long).map((o) => `\`${o.command}\``);
    const flag = [e.short, e.long].filter(Boolean).join(', ') + (e.value ? ` ${e.value}` : '');
    return `| \`${flag}\` | ${e.meaning} | ${users.join(', ') || '—'} |`;
  });
  return ['| Flag | Meaning | Taken by |', '| --- | --- | --- |', ...rows].join('\n') + '\n';
}
