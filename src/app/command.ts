/** The small contract between the CLI core and the command tree in commands/. */
import { Option, type Command } from 'commander';
import type { Session } from './session.js';
import type { FlagSpec, ParseContext } from '../cli/flags.js';

/** A verb's work: gets the session, its own options and its positional arguments; returns the exit code. */
export type Action<O> = (s: Session, opts: O, ...args: string[]) => Promise<number | void>;

export interface CommandHost {
  /** Wrap a verb's work into a commander action (session creation, exit code, errors). */
  act<O>(fn: Action<O>): (...args: unknown[]) => Promise<void>;
}

/** A verb file: adds one subcommand to its noun. */
export type RegisterVerb = (noun: Command, host: CommandHost) => void;

export interface NounSpec {
  name: string;
  /** The backend heading the root help groups it under. */
  group: string;
  summary: string;
  aliases?: string[];
  /** The hint of a "not found" answer to any of its verbs: where to see what exists. */
  notFoundHint?: string;
  load: () => Promise<{ default: RegisterVerb }>;
}

/** Any flag's spec, whatever its value type. */
type AnyFlag = FlagSpec<unknown, boolean>;
export type FlagArgs = Record<string, AnyFlag>;

/** The options `run` gets, inferred from the flag specs: a defaulted or required flag is always set. */
export type OptsOf<A extends FlagArgs> = {
  [K in keyof A as A[K] extends FlagSpec<never, boolean> ? never : K]: A[K] extends FlagSpec<infer T, infer R> ? (R extends true ? T : T | undefined) : never;
};

export interface VerbSpec<A extends FlagArgs> {
  /** The verb as typed: `logs`. */
  name: string;
  summary: string;
  /** commander's spelling of the positional arguments: `<run-id>`, `<ref> [more...]`. */
  positional?: string;
  args?: A;
  /** Shown under "Examples:" in the verb's help. */
  examples?: string[];
  /** More help text after the flags. */
  notes?: string;
  aliases?: string[];
  /** What the spec cannot say (an argument with choices, a help group). */
  configure?: (cmd: Command) => void;
  run: (s: Session, opts: OptsOf<A>, ...args: string[]) => Promise<number | void>;
}

/** The commander option of one flag spec. */
export function toOption(spec: AnyFlag): Option {
  if (spec.build) return spec.build();
  const o = new Option(spec.flags, spec.description);
  if (spec.choices) o.choices(spec.choices);
  if (spec.repeat) o.argParser((v: string, prev: unknown) => [...((prev as string[] | undefined) ?? []), v]);
  // a repeatable flag starts empty in `run`, without "(default: [])" in help
  if (spec.default !== undefined && !(spec.repeat && Array.isArray(spec.default) && spec.default.length === 0)) o.default(spec.default);
  if (spec.preset !== undefined) o.preset(spec.preset);
  if (spec.required) o.makeOptionMandatory();
  if (spec.hidden) o.hideHelp();
  return o;
}

/** A verb declared as data: its flags come from the catalogue (src/cli/flags.ts), their values parsed and typed for `run`. */
export function defineVerb<const A extends FlagArgs = Record<never, never>>(spec: VerbSpec<A>): RegisterVerb {
  return (noun, host) => {
    const cmd = noun.command(spec.positional ? `${spec.name} ${spec.positional}` : spec.name).description(spec.summary);
    for (const a of spec.aliases ?? []) cmd.alias(a);
    const entries = Object.entries(spec.args ?? {}) as [string, AnyFlag][];
    const attrs = new Map<string, string>();
    for (const [key, f] of entries) {
      const o = toOption(f);
      attrs.set(key, o.attributeName());
      cmd.addOption(o);
      if (f.negate) cmd.addOption(new Option(f.flags.replace(/--([\w-]+)/, '--no-$1'), f.negate));
    }
    const help = [spec.notes ? `\n${spec.notes}` : '', spec.examples?.length ? `\nExamples:\n${spec.examples.map((e) => `  ${e}`).join('\n')}` : ''].join('');
    if (help) cmd.addHelpText('after', help);
    spec.configure?.(cmd);
    cmd.action(
      host.act(async (s: Session, raw: Record<string, unknown>, ...pos: string[]) => {
        const ctx: ParseContext = { warn: (m) => s.out.warn(m), stdin: s.io.stdin };
        // old spellings first: each warns once and stands for its new flag (which wins when both are given)
        for (const [key, f] of entries) {
          const attr = attrs.get(key)!;
          if (!f.legacy || raw[attr] === undefined) continue;
          const given = f.flags.split(/[ ,]+/).filter((w) => w.startsWith('-')).join('/');
          ctx.warn(`${given} is deprecated here: use ${f.legacy.use} (the old spelling goes in the next release)`);
          const target = attrs.get(f.legacy.for)!;
          if (raw[target] === undefined || cmd.getOptionValueSource(target) === 'default') raw[target] = raw[attr];
        }
        const opts: Record<string, unknown> = {};
        for (const [key, f] of entries) {
          if (f.legacy) continue;
          let v = raw[attrs.get(key)!];
          if (v === undefined && f.repeat && Array.isArray(f.default)) v = [...f.default];
          if (f.parse && typeof v === 'string') v = await f.parse(v, ctx);
          else if (f.parse && typeof v === 'number') v = await f.parse(String(v), ctx);
          opts[key] = v;
        }
        return spec.run(s, opts as OptsOf<A>, ...pos);
      }),
    );
  };
}
