/**
 * run(argv, io) -> exit code: the single entry of meshscope. Builds the commander tree (only the
 * noun being run is loaded, so --help and --version stay fast), defines the global flags once on
 * the root, and turns every error into a message, a hint and an exit code (DESIGN §6).
 */
import type { Command } from 'commander';
import type { CommandHost } from '../app/command.js';
import { abortError, ExitCode, MeshError, toMeshError, usageError } from '../errors.js';
import type { IO } from '../output/index.js';
import type { GlobalOptions, Session } from '../app/session.js';
import { VERSION } from './version.js';
import { showControls } from '../output/sanitize.js';

// Loaded on first use so that `--version` needs nothing and `--help` only commander and the table.
let commander: typeof import('commander');
let commands: typeof import('../../commands/index.js');

export interface RunOptions {
  /** Aborted when the user presses Ctrl-C. */
  interrupt?: AbortSignal;
}

interface State {
  code: number;
  session?: Session;
  /** The noun (or root verb) being run. */
  noun?: string;
}

export function buildProgram(io: IO, host: CommandHost): Command {
  const { Command, Option } = commander;
  const { NOUNS, ROOT_VERBS } = commands;
  const program = new Command('meshscope');
  program
    .description('One operator tool for distributed actor and agent meshes: Monarch mesh admin, MirrorNeuron, Asya, Astromesh and Grid.')
    .usage('[global options] <command> [options]')
    .version(VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .addHelpCommand(false)
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      // commander's errors are printed by run() as every other error (text or -o json)
      outputError: () => undefined,
    })
    // a verb's --help lists the flags every command takes too (-o, --context, --mock, endpoints...)
    .configureHelp({ showGlobalOptions: true });

  program.optionsGroup('Global options:');
  program
    .option('--context <name>', 'use this context from the contexts file (env MESHSCOPE_CONTEXT)')
    .addOption(new Option('-o, --output <format>', 'output format').choices(['table', 'wide', 'json', 'yaml', 'name']))
    .option('--json', 'same as -o json')
    .option('--no-color', 'no colour (also NO_COLOR=1 or piped output)')
    .option('--timeout <duration>', 'overall deadline of the command (e.g. 30s, 2m)')
    .option('--request-timeout <duration>', 'per-request timeout (default 30s)')
    .option('-v, --verbose', 'log each request (method, URL, status, ms) to stderr, secrets redacted; stack traces on errors')
    .option('--mock', 'run against the embedded mock of all five backends, started in-process on free ports')
    .option('--scenario <name|file>', 'mock scenario (with --mock): healthy, degraded, failing, flaky, large, legacy-refs or a YAML file')
    .option('--diagnose', 'run the mesh health report and print its JSON, as hyperactor_mesh_admin_tui --diagnose');
  program.optionsGroup('Endpoints (override the context):');
  program
    .option('-a, --addr <addr>', 'mesh admin address: host:port (https) or URL (env MESHSCOPE_ADMIN_URL)')
    .option('--cacert <file>', 'CA certificate (PEM) of the admin server (alias --tls-ca; env MESHSCOPE_ADMIN_CA)')
    .option('--cert <file>', 'client certificate (PEM) for mTLS to the admin server (env MESHSCOPE_ADMIN_CERT)')
    .option('--key <file>', 'client key (PEM) for mTLS to the admin server (env MESHSCOPE_ADMIN_KEY)')
    .addOption(new Option('--tls-ca <file>').hideHelp())
    .addOption(new Option('--tls-cert <file>').hideHelp())
    .addOption(new Option('--tls-key <file>').hideHelp())
    .option('--plaintext', 'force plain HTTP to the admin server')
    .option('--insecure', 'do not verify the TLS certificate of any backend (never implied; prints a warning)')
    .option('--mn-url <url>', 'mn-api base URL, e.g. http://host:54001/api/v1 (env MN_API_BASE_URL)')
    .option('--mn-ca <file>', 'CA certificate (PEM) of the mn-api server (env MESHSCOPE_MN_CA)')
    .option('--asya-url <url>', 'asya mesh API external URL (env MESHSCOPE_ASYA_URL)')
    .option('--asya-internal-url <url>', 'asya mesh API internal URL (env MESHSCOPE_ASYA_INTERNAL_URL)')
    .option('--asya-ca <file>', 'CA certificate (PEM) of both asya URLs (env MESHSCOPE_ASYA_CA)')
    .option('--astromesh-url <url>', 'astromesh daemon URL (env ASTROMESH_DAEMON_URL)')
    .option('--astromesh-ca <file>', 'CA certificate (PEM) of the astromesh daemon (env MESHSCOPE_ASTROMESH_CA)')
    .option('--grid-url <url>', 'grid diagnostics URL (env MESHSCOPE_GRID_URL)')
    .option('--grid-ca <file>', 'CA certificate (PEM) of the grid server (env MESHSCOPE_GRID_CA)');

  for (const noun of NOUNS) {
    const cmd = program.command(noun.name).description(noun.summary).helpGroup(`${noun.group}:`);
    for (const a of noun.aliases ?? []) cmd.alias(a);
  }
  for (const verb of ROOT_VERBS) verb.register(program, host);
  return program;
}

async function newSession(io: IO, opts: GlobalOptions, runOpts: RunOptions): Promise<Session> {
  const { Session } = await import('../app/session.js');
  // --tls-* are the admin TUI's names for --cacert/--cert/--key.
  const o = opts as GlobalOptions & { tlsCa?: string; tlsCert?: string; tlsKey?: string };
  o.cacert ??= o.tlsCa;
  o.cert ??= o.tlsCert;
  o.key ??= o.tlsKey;
  return new Session({ io, opts: o, interrupt: runOpts.interrupt });
}

/** The first positional word of argv: the noun (or root verb) being run. */
function findCommandWord(program: Command, argv: string[]): string | undefined {
  const takesValue = new Set<string>();
  for (const o of program.options) {
    if (o.required || o.optional) {
      if (o.long) takesValue.add(o.long);
      if (o.short) takesValue.add(o.short);
    }
  }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') return argv[i + 1];
    if (a.startsWith('-')) {
      if (!a.includes('=') && takesValue.has(a)) i++;
      continue;
    }
    return a;
  }
  return undefined;
}

async function loadNouns(program: Command, host: CommandHost, which: string | undefined): Promise<void> {
  for (const noun of commands.NOUNS) {
    if (which !== undefined && noun.name !== which && !(noun.aliases ?? []).includes(which)) continue;
    const cmd = program.commands.find((c) => c.name() === noun.name)!;
    const mod = await noun.load();
    mod.default(cmd, host);
  }
}

/** Did the command line ask for JSON output (`-o json`, `--output=json`, `-ojson`, `--json`)? */
function wantsJson(argv: string[]): boolean {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') break;
    if (a === '--json' || a === '-ojson' || a === '--output=json' || a === '-o=json') return true;
    if ((a === '-o' || a === '--output') && argv[i + 1] === 'json') return true;
  }
  return false;
}

/** An error printed before (or without) a session: the same forms as the output layer's. */
function printError(io: IO, err: MeshError, json: boolean): void {
  if (json) io.stdout.write(JSON.stringify({ error: err.toJSON() }, null, 2) + '\n');
  else io.stderr.write(`error: ${showControls(err.message, true)} (${showControls(err.code, true)})\n${err.hint ? `hint: ${showControls(err.hint, true)}\n` : ''}`);
}

/** commander's usage errors (unknown command or flag, missing value...) as MeshErrors, exit 2. */
function commanderError(e: InstanceType<typeof commander.CommanderError>): MeshError | undefined {
  if (['commander.helpDisplayed', 'commander.version', 'commander.help', 'commander.executeSubCommandAsync'].includes(e.code)) return undefined;
  const [first, ...rest] = e.message.replace(/^error: /, '').split('\n');
  const suggestion = /\(Did you mean (.+)\?\)/.exec(rest.join('\n'))?.[1];
  const code = e.code.replace(/^commander\./, '').replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  const hint = `${suggestion ? `did you mean ${suggestion}? ` : ''}run with --help to see the commands and flags`;
  return usageError(first, hint, code);
}

export async function run(argv: string[], io: IO, runOpts: RunOptions = {}): Promise<number> {
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
    io.stdout.write(`${VERSION}\n`);
    return ExitCode.ok;
  }
  [commander, commands] = await Promise.all([import('commander'), import('../../commands/index.js')]);
  const { NOUNS, ROOT_VERBS } = commands;
  // `meshscope help [NOUN [VERB]]` is `meshscope [NOUN [VERB]] --help`
  const helpAt = argv.findIndex((a) => !a.startsWith('-'));
  if (helpAt >= 0 && argv[helpAt] === 'help') argv = [...argv.slice(0, helpAt), ...argv.slice(helpAt + 1), '--help'];
  const state: State = { code: ExitCode.ok };
  const host = makeHost(io, state, runOpts);
  const program = buildProgram(io, host);
  try {
    const word = findCommandWord(program, argv);
    state.noun = word;
    const isNoun = word !== undefined && NOUNS.some((n) => n.name === word || (n.aliases ?? []).includes(word));
    if (isNoun) await loadNouns(program, host, word);
    else if (word === 'completion') await loadNouns(program, host, undefined);
    const known = isNoun || ROOT_VERBS.some((v) => v.name === word);
    if (!known) {
      const wantsHelp = argv.some((a) => a === '-h' || a === '--help' || a === '-V' || a === '--version');
      // The admin TUI's invocations: `meshscope --addr URL --diagnose [...]` and `meshscope --addr URL`.
      // A word here may be a value of a diagnose flag (`--slow-ms 0`), so these win over "unknown command".
      const rootVerb = argv.includes('--diagnose') ? 'diagnose' : word === undefined && argv.some((a) => a === '-a' || a === '--addr' || a.startsWith('--addr=')) ? 'tui' : undefined;
      if (!wantsHelp && rootVerb && ROOT_VERBS.some((v) => v.name === rootVerb)) return await run([rootVerb, ...argv], io, runOpts);
      if (!wantsHelp && word === undefined) {
        if (argv.length === 0) {
          program.outputHelp();
          return ExitCode.ok;
        }
        throw usageError(`no command given (${argv.join(' ')} only sets options)`, 'name a command, e.g. `meshscope diagnose --mock`; `meshscope --help` lists them', 'no_command');
      }
    }
    await program.parseAsync(argv, { from: 'user' });
    return state.code;
  } catch (e) {
    let err: MeshError;
    if (e instanceof commander.CommanderError) {
      const usage = commanderError(e);
      if (!usage) return ExitCode.ok;
      err = usage;
    } else err = e instanceof MeshError ? e : toMeshError(e);
    // whatever was in flight when Ctrl-C or --timeout struck, that is what ended the command
    const signal = state.session?.signal;
    if (signal?.aborted && err.kind !== 'interrupted' && err.code !== 'timeout') err = abortError(signal.reason);
    // a server's "not found" knows nothing of the command: the noun says where to see what exists
    if (err.kind === 'not_found' && !err.hint) {
      const noun = NOUNS.find((n) => n.name === state.noun || (n.aliases ?? []).includes(state.noun ?? ''));
      err = err.withHint(noun?.notFoundHint ?? 'check the name or id');
    }
    const out = state.session?.out;
    if (out) out.error(err);
    else printError(io, err, wantsJson(argv));
    if (state.session?.opts.verbose && !(e instanceof MeshError)) io.stderr.write(`${(e as Error)?.stack ?? String(e)}\n`);
    return err.exitCode;
  } finally {
    await state.session?.close();
  }
}

function makeHost(io: IO, state: State, runOpts: RunOptions): CommandHost {
  return {
    act(fn) {
      return async (...all: unknown[]) => {
        const cmd = all.pop() as Command;
        const local = all.pop() as Record<string, unknown>;
        const session = await newSession(io, cmd.optsWithGlobals() as GlobalOptions, runOpts);
        state.session = session;
        const code = await fn(session, local as never, ...(all as string[]));
        state.code = typeof code === 'number' ? code : ExitCode.ok;
      };
    },
  };
}
