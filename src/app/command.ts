/** The small contract between the CLI core and the command tree in commands/. */
import type { Command } from 'commander';
import type { Session } from './session.js';

/** A verb's work: gets the session, its own options and its positional arguments; returns the exit code. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Action<O = any> = (s: Session, opts: O, ...args: string[]) => Promise<number | void>;

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
