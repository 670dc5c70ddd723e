import type { Command } from 'commander';
import type { CommandHost } from '../src/app/command.js';
import { keysSentence } from '../src/app/reexports.js';

export default function register(program: Command, host: CommandHost): void {
  program
    .command('tui')
    .description('browse the mesh topology interactively: tree, details, diagnostics, py-spy, config (also `meshscope --addr URL` on a terminal)')
    .helpGroup('Monarch mesh admin:')
    .option('--refresh-ms <ms>', 'refresh the tree every N milliseconds (paused while an overlay is open)', '2000')
    .addHelpText('after', () => {
      // a paragraph cut into lines of at most 100 columns, between its comma-separated items
      const para = (text: string) => {
        const lines: string[] = [];
        for (const item of text.split(', ')) {
          const last = lines.length - 1;
          if (last >= 0 && lines[last].length + item.length + 2 <= 100) lines[last] += `, ${item}`;
          else lines.push(item);
          if (last >= 0 && lines.length - 1 > last) lines[last] += ',';
        }
        return lines.join('\n');
      };
      return `
${para(`Keys (the tree): ${keysSentence('tree')}.`)}
Inside an overlay (diagnostics, py-spy, config, help): Esc or q goes back to the tree; Ctrl-C quits.
Needs a terminal; piped, use \`meshscope mesh tree\` or \`meshscope diagnose\`.

Views: :jobs (MirrorNeuron jobs; Enter opens the job's live monitor), :envelopes (Asya envelopes;
Enter follows the envelope's fly stream), :agents (Astromesh agents with runs and latency; Enter
lists the agent's recent traces).
${para(`In a view: ${keysSentence('list')}.`)}
Each view needs its endpoint in the context (or its URL flag).

Examples:
  meshscope tui --mock --scenario failing
  meshscope --addr https://mesh-admin:1729 --cacert ca.pem --cert me.pem --key me.key
  meshscope tui --plaintext --addr 127.0.0.1:1729 --refresh-ms 5000`;
    })
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
