import { defineVerb } from '../../src/app/command.js';
import { bool, file, force, legacy, list, readStdinText, text, wait } from '../../src/app/flags.js';
import { manifestValidateFlag } from '../../src/app/validate-flag.js';

export default defineVerb({
  name: 'submit',
  summary: 'submit a workflow manifest (validated locally first) or an uploaded bundle; --wait follows it to the end',
  args: {
    file: file('manifest file (.json or .yaml, mn.workflow/v1 or the legacy format)'),
    bundle: text('--bundle <path>', 'server path of a bundle uploaded with `meshscope bundle upload`'),
    payloadFile: list('--payload-file <name=file>', 'add a text payload read from a file (repeatable)'),
    validate: manifestValidateFlag(),
    force: force('skip the gateway\'s requirement and input checks (the local check is --validate)'),
    wait: wait('follow the job to its end: exit 0 completed, 1 failed or cancelled'),
    poll: bool('--poll', 'with --wait: poll instead of using the progress stream'),
    dryRun: bool('--dry-run', 'validate the manifest and stop'),
    payload: { ...legacy('--payload <name=file>', 'payloadFile', '--payload-file NAME=FILE (--payload takes JSON elsewhere)'), repeat: true },
  },
  examples: [
    'meshscope job submit -f workflow.yaml --wait',
    'meshscope job submit -f manifest.json --payload-file input.txt=./input.txt',
    'meshscope job submit -f manifest.json --validate warn   # report schema problems, submit anyway',
    'meshscope job submit --bundle /var/lib/mirror-neuron/uploads/ab12/bundle',
    'render-manifest | meshscope job submit -f -',
  ],
  async run(s, opts) {
    const { usageError } = await import('../../src/errors.js');
    if (!opts.file && !opts.bundle) throw usageError('nothing to submit', 'pass -f MANIFEST.(json|yaml), or --bundle PATH from `meshscope bundle upload`');
    if (opts.file && opts.bundle) throw usageError('-f and --bundle cannot be used together', 'submit either a manifest file or an uploaded bundle');
    const { loadManifest, parseManifest, readPayloads } = await import('../../src/backends/mn/manifest.js');
    const check = { validate: opts.validate, warn: (line: string) => s.out.warn(line) };
    // -f - reads the manifest from stdin
    const manifest = opts.file === '-' ? parseManifest(await readStdinText(s.io.stdin), 'stdin', check) : opts.file ? loadManifest(opts.file, check) : undefined;
    const payloads = readPayloads(opts.payloadFile);
    if (opts.dryRun) {
      if (!manifest) throw usageError('--dry-run needs -f', 'a bundle is validated by the gateway when it is submitted');
      const wf = manifest.manifest.workflow as { workflow_id?: string; steps?: unknown[] } | undefined;
      s.out.item(
        [
          ['Manifest', manifest.file],
          ['Format', manifest.format],
          ['Workflow', wf?.workflow_id ?? manifest.manifest.graph_id],
          ['Steps', wf?.steps?.length ?? (manifest.manifest.nodes as unknown[] | undefined)?.length],
          ['Payloads', Object.keys(payloads).join(', ') || undefined],
          !manifest.checked ? ['Valid', 'not checked (--validate none)', 'dim'] : manifest.problems.length ? ['Valid', `no (${manifest.problems.length} problem${manifest.problems.length === 1 ? '' : 's'})`, 'bad'] : ['Valid', 'yes', 'ok'],
        ],
        { file: manifest.file, format: manifest.format, valid: manifest.checked ? manifest.problems.length === 0 : null, problems: manifest.problems, manifest: manifest.manifest },
      );
      return 0;
    }
    const { MnClient } = await import('../../src/backends/mn/client.js');
    const client = new MnClient(await s.client('mn'));
    const res = await client.submitJob({
      manifest_json: manifest?.json,
      _bundle_path: opts.bundle,
      payloads: Object.keys(payloads).length ? payloads : undefined,
      force: opts.force || undefined,
    });
    if (!opts.wait) {
      s.out.item(
        [
          ['Job ID', res.id],
          ['Status', res.status],
        ],
        res,
        `job/${res.id}`,
      );
      if (!s.out.structured) s.out.info(`follow it with: meshscope job monitor ${res.id}`);
      return 0;
    }
    if (!s.out.structured) s.out.info(`submitted job ${res.id}`);
    const { followJob, reportOutcome } = await import('../../src/backends/mn/flows.js');
    const last = await followJob({ client, out: s.out, io: s.io, signal: s.signal }, res.id, { poll: opts.poll });
    return reportOutcome(s.out, last);
  },
});
