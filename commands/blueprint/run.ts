import { defineVerb } from '../../src/app/command.js';
import { bool, list, text } from '../../src/app/flags.js';
import { nameArg } from '../../src/app/names.js';



export default defineVerb({
  name: 'run',
  positional: '[blueprint-id]',
  summary: 'launch a blueprint run and follow its launch phases (model install, validation, submit); --wait follows the job too',
  args: {
    bundle: text('--bundle <path>', 'launch an uploaded bundle (server path from `meshscope bundle upload`)'),
    path: text('--path <dir>', 'launch a blueprint folder on the server'),
    set: list('--set <path=value>', 'override a config value (repeatable)'),
    force: bool('--force', 'launch even when validation fails'),
    runId: text('--run-id <id>', 'choose the run id'),
    fakeLlm: bool('--fake-llm', 'use the fake LLM (no model calls)'),
    wait: bool('--wait', 'after the launch, follow the job to its end (exit 0 completed, 1 failed or cancelled)'),
    poll: bool('--poll', 'with --wait: poll instead of using the progress stream'),
  },
  async run(s, opts, id?: string) {
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
  },
});
