import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';
import { nameArg } from '../../src/app/names.js';

interface Opts {
  bundle?: string;
  path?: string;
  set: string[];
  force?: boolean;
  runId?: string;
  fakeLlm?: boolean;
  wait?: boolean;
  poll?: boolean;
}

const collect = (v: string, prev: string[]) => [...prev, v];

export default function register(noun: Command, host: CommandHost): void {
  noun
    .command('run [blueprint-id]')
    .description('launch a blueprint run and follow its launch phases (model install, validation, submit); --wait follows the job too')
    .option('--bundle <path>', 'launch an uploaded bundle (server path from `meshscope bundle upload`)')
    .option('--path <dir>', 'launch a blueprint folder on the server')
    .option('--set <path=value>', 'override a config value (repeatable)', collect, [])
    .option('--force', 'launch even when validation fails')
    .option('--run-id <id>', 'choose the run id')
    .option('--fake-llm', 'use the fake LLM (no model calls)')
    .option('--wait', 'after the launch, follow the job to its end (exit 0 completed, 1 failed or cancelled)')
    .option('--poll', 'with --wait: poll instead of using the progress stream')
    .action(
      host.act(async (s, opts: Opts, id?: string) => {
        id = id && nameArg(id, 'blueprint');
        const { usageError, MeshError } = await import('../../src/errors.js');
        const sources = [id, opts.bundle, opts.path].filter(Boolean).length;
        if (sources !== 1) throw usageError(sources ? 'give one of BLUEPRINT_ID, --bundle or --path' : 'nothing to run', 'e.g. meshscope blueprint run research_brief_assistant');
        const { parseSets } = await import('../../src/backends/mn/files.js');
        const config = parseSets(opts.set);
        const { MnClient } = await import('../../src/backends/mn/client.js');
        const client = new MnClient(await s.client('mn'));
        const body = { config_overwrite: Object.keys(config).length ? config : undefined, force: opts.force || undefined, run_id: opts.runId, fake_llm: opts.fakeLlm || undefined };
        const started = id ? await client.runBlueprint(id, body) : await client.launch({ ...body, source: opts.bundle ? 'bundle' : 'path', _bundle_path: opts.bundle, path: opts.path });
        const { followLaunch, followJob, reportOutcome } = await import('../../src/backends/mn/flows.js');
        const ctx = { client, out: s.out, io: s.io, signal: s.signal };
        if (!s.out.structured) s.out.info(`launching run ${started.run_id ?? '?'}${started.progress_id ? ` (progress ${started.progress_id})` : ''}`);
        let jobId = started.job_id ?? undefined;
        let launchStatus = started.status;
        let progress;
        if (started.progress_id) {
          progress = await followLaunch(ctx, started.progress_id, { ndjson: s.out.format === 'json' && Boolean(opts.wait) });
          jobId = progress.job_id ?? jobId;
          launchStatus = progress.status;
        }
        if (launchStatus === 'failed') {
          const e = progress?.error as { message?: string; issues?: unknown[] } | undefined;
          if (s.out.structured) s.out.data(progress ?? started);
          throw new MeshError({ kind: 'failed', code: 'launch_failed', backend: 'mn', message: `launch of run ${started.run_id ?? ''} failed: ${e?.message ?? 'see the progress record'}`, details: e?.issues, hint: 'fix the issues (or pass --force to launch anyway); see `meshscope blueprint progress ' + (started.progress_id ?? 'ID') + '`' });
        }
        if (opts.wait && jobId) {
          const last = await followJob(ctx, jobId, { poll: opts.poll });
          return reportOutcome(s.out, last);
        }
        s.out.item(
          [
            ['Run ID', started.run_id],
            ['Job ID', jobId],
            ['Source', started.source],
            ['Progress ID', started.progress_id],
            ['Launch', launchStatus],
          ],
          { ...started, job_id: jobId ?? null, launch_status: launchStatus, progress: progress ?? null },
          `run/${started.run_id}`,
        );
        if (jobId && !s.out.structured) s.out.info(`monitor it with: meshscope job monitor ${jobId}`);
        return 0;
      }),
    );
}
