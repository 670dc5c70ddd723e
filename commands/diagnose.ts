/**
 * `meshscope diagnose`: the one-shot mesh health report (also `meshscope --addr URL --diagnose`,
 * which prints the JSON report as hyperactor_mesh_admin_tui --diagnose). The global --timeout is the
 * run timeout (default 120s). Exit 0 healthy, 1 anything else.
 */
import { defineVerb } from '../src/app/command.js';
import { bool, durationDefault, intDefault, text } from '../src/app/flags.js';

export default defineVerb({
  name: 'diagnose',
  summary: 'one-shot mesh health report (Pass/Slow/Fail per node; exit 0 healthy, 1 otherwise)',
  args: {
    format: text('--format <format>', 'report format: text, or json with --diagnose or -o json, unless given', { choices: ['json', 'text', 'junit', 'github', 'markdown'] }),
    slowMs: intDefault('--slow-ms <n>', 'a 2xx taking at least this many ms is Slow', 500, { min: 0 }),
    probeTimeout: durationDefault('--probe-timeout <duration>', 'budget of one probe (e.g. 5s, 800ms)', '5s', { bareUnit: 's' }),
    concurrency: intDefault('--concurrency <n>', 'most probes in flight (at most 256); 1 = the admin TUI\'s serial walk exactly', 16, { min: 1 }),
    strict: bool('--strict', 'findings (failed actors, poisoned procs, stalled ordering, error nodes) make the run unhealthy'),
    allActors: bool('--all-actors', 'probe every actor of a user proc, not only the first'),
    baseline: text('--baseline <file>', 'compare with an earlier JSON report ("-" reads stdin) and list what got worse or better'),
    fleet: bool('--fleet', 'also check the other backends of the context (mn, asya, astromesh, grid)'),
  },
  configure: (cmd) => cmd.helpGroup('Monarch mesh admin:'),
  notes:
    'The global --timeout is the run timeout (default 120s); checks finished by then are reported with "timed_out": true.\n' +
    'References are opaque: a check passes or fails on what the server answered, never on the form of a\n' +
    'reference. References in a form meshscope does not know are reported once (finding opaque_references:\n' +
    'how many, the first): a sign the server changed, which never makes the run unhealthy, even with --strict.',
  async run(s, opts) {
    const [{ stdinFor }, cli] = await Promise.all([import('../src/app/flags.js'), import('../src/diagnose/cli.js')]);
    const flags = cli.parseFlags(opts);
    flags.baselineStdin = await stdinFor(opts.baseline, s.io.stdin);
    return cli.runDiagnose(s, flags);
  },
});
