import { Option, type Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';
import { manifestValidateOption, type ValidateMode } from '../../src/app/validate-flag.js';

interface Opts {
  file?: string;
  bundle?: string;
  payloadFile: string[];
  payload: string[];
  force?: boolean;
  wait?: boolean;
  dryRun?: boolean;
  poll?: boolean;
  validate: ValidateMode;
}

const collect = (v: string, prev: string[]) => [...prev, v];

export default function register(noun: Command, host: CommandHost): void {
  noun
    .command('submit')
    .description('submit a workflow manifest (validated locally first) or an uploaded bundle; --wait follows it to the end')
    .option('-f, --file <file>', 'manifest file (.json or .yaml, mn.workflow/v1 or the legacy format)')
    .option('--bundle <path>', 'server path of a bundle uploaded with `meshscope bundle upload`')
    .option('--payload-file <name=file>', 'add a text payload read from a file (repeatable)', collect, [])
    .addOption(new Option('--payload <name=file>', 'deprecated: use --payload-file').argParser(collect).default([]).hideHelp())
    .addOption(manifestValidateOption())
    .option('--force', 'skip the gateway\'s requirement and input checks (the local check is --validate)')
    .option('--wait', 'follow the job to its end: exit 0 completed, 1 failed or cancelled')
    .option('--poll', 'with --wait: poll instead of using the progress stream')
    .option('--dry-run', 'validate the manifest and stop')
    .addHelpText('after', '\nExamples:\n  meshscope job submit -f workflow.yaml --wait\n  meshscope job submit -f manifest.json --payload-file input.txt=./input.txt\n  meshscope job submit -f manifest.json --validate warn   # report schema problems, submit anyway\n  meshscope job submit --bundle /var/lib/mirror-neuron/uploads/ab12/bundle')
    .action(
      host.act(async (s, opts: Opts) => {
        const { usageError } = await import('../../src/errors.js');
        if (!opts.file && !opts.bundle) throw usageError('nothing to submit', 'pass -f MANIFEST.(json|yaml), or --bundle PATH from `meshscope bundle upload`');
        if (opts.file && opts.bundle) throw usageError('-f and --bundle cannot be used together', 'submit either a manifest file or an uploaded bundle');
        const { loadManifest, parseManifest, readPayloads } = await import('../../src/backends/mn/manifest.js');
        const check = { validate: opts.validate, warn: (line: string) => s.out.warn(line) };
        // -f - reads the manifest from stdin
        const manifest = opts.file === '-' ? parseManifest(await (await import('../../src/app/flags.js')).readStdinText(s.io.stdin), 'stdin', check) : opts.file ? loadManifest(opts.file, check) : undefined;
        const payloads = readPayloads(payloadFiles(s, opts));
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
      }),
    );
}

/** --payload-file, and the old --payload NAME=FILE (one release, with a warning: --payload is JSON elsewhere). */
function payloadFiles(s: { out: { warn(m: string): void } }, opts: { payloadFile: string[]; payload: string[] }): string[] {
  if (opts.payload.length) s.out.warn('--payload NAME=FILE is deprecated here: use --payload-file NAME=FILE (--payload takes JSON elsewhere; the old spelling goes in the next release)');
  return [...opts.payloadFile, ...opts.payload];
}
