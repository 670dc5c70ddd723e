import type { Command } from 'commander';
import type { CommandHost } from '../src/app/command.js';

export default function register(program: Command, host: CommandHost): void {
  program
    .command('tui')
    .description('browse the mesh topology interactively: tree, details, diagnostics, py-spy, config (also `meshscope --addr URL` on a terminal)')
    .helpGroup('Monarch mesh admin:')
    .option('--refresh-ms <ms>', 'refresh the tree every N milliseconds (paused while an overlay is open)', '2000')
    .addHelpText(
      'after',
      `
Keys: j/k move, Tab expand, c collapse all, s system actors, h stopped actors, d diagnostics,
p py-spy, C config, / search (n/N), f next failed, y copy reference, : command (:mesh :jobs
:envelopes :agents :q), ? help, q quit. Needs a terminal; piped, use \`meshscope mesh tree\` or
\`meshscope diagnose\`.

Views: :jobs (MirrorNeuron jobs; Enter opens the job's live monitor), :envelopes (Asya envelopes;
Enter follows the envelope's fly stream), :agents (Astromesh agents with runs and latency; Enter
lists the agent's recent traces). In a view: j/k move, Enter open, r refresh, Esc or :mesh back.
Each view needs its endpoint in the context (or its URL flag).

Examples:
  meshscope tui --mock --scenario failing
  meshscope --addr https://mesh-admin:1729 --cacert ca.pem --cert me.pem --key me.key
  meshscope tui --plaintext --addr 127.0.0.1:1729 --refresh-ms 5000`,
    )
    .action(
      host.act(async (s, opts: { refreshMs: string }) => {
        const { usageError } = await import('../src/errors.js');
        const refreshMs = Number(opts.refreshMs);
        if (!/^\d+$/.test(String(opts.refreshMs).trim()) || !Number.isSafeInteger(refreshMs) || refreshMs < 100) {
          throw usageError(`invalid --refresh-ms "${opts.refreshMs}": give a whole number of milliseconds, at least 100`, 'for example --refresh-ms 2000 (the default)');
        }
        if (!s.io.stdin.isTTY || !s.io.stdout.isTTY) {
          throw usageError('meshscope tui needs a terminal; use `meshscope mesh tree` or `meshscope diagnose`', 'run it in an interactive terminal (stdin and stdout must both be terminals)', 'not_a_terminal');
        }
        const { runTui } = await import('../src/tui/run.js');
        return runTui(s, { refreshMs });
      }),
    );
}
