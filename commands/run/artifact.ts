import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';
import { nameArg } from '../../src/app/names.js';

interface Opts {
  out?: string;
  force?: boolean;
  maxSize?: string;
}

export default function register(noun: Command, host: CommandHost): void {
  noun
    .command('artifact <run-id> [path]')
    .description('download one artifact of a run (default: the final artifact) to a file; never overwrites without --force')
    .option('-O, --out <file>', 'where to write it (default: the artifact\'s file name in the current folder)')
    .option('--force', 'overwrite the file if it exists')
    .option('--max-size <size>', 'the largest download to write, e.g. 500MiB, 4GiB (default 1GiB); a larger one fails and writes nothing')
    .addHelpText('after', '\nExamples:\n  meshscope run artifact RUN_ID                      # final_artifact.json\n  meshscope run artifact RUN_ID outputs/dataset.csv -O data.csv\nList the paths with `meshscope run artifacts RUN_ID`.')
    .action(
      host.act(async (s, opts: Opts, runId, path?: string) => {
        runId = nameArg(runId, 'run');
        const { basename } = await import('node:path');
        const { contentLength } = await import('../../src/http/client.js');
        const { checkWritable, downloadLimit, safeFilename, saveStream } = await import('../../src/files.js');
        const { MeshError } = await import('../../src/errors.js');
        const limit = downloadLimit(opts.maxSize);
        let rel = path?.replace(/^\/+/, '');
        // a run id or an artifact path names the file, never where it goes (`../x` is `x-...` here)
        const target = opts.out ?? (rel ? basename(rel) : safeFilename(`${runId}-final_artifact.json`)!);
        checkWritable(target, Boolean(opts.force));
        const { MnClient } = await import('../../src/backends/mn/client.js');
        const client = new MnClient(await s.client('mn'));
        let expected: { sha256?: string | null; size?: number | null } = {};
        if (rel) {
          const list = await client.runArtifacts(runId);
          const find = (p: string) => list.artifacts.find((a) => a.relative_path === p || a.artifact_id === p);
          // `run artifacts -o name` prints artifact/PATH; a path that is itself an artifact's wins
          let ref = find(rel);
          const bare = nameArg(rel, 'artifact', { path: true });
          if (!ref && bare !== rel && (ref = find(bare))) rel = bare;
          if (!ref) throw new MeshError({ kind: 'not_found', code: 'not_found', backend: 'mn', message: `run ${runId} has no artifact ${rel}`, hint: `list them with: meshscope run artifacts ${runId}` });
          expected = { sha256: ref.sha256, size: ref.size_bytes };
        }
        const res = rel ? await client.artifact(runId, rel) : await client.finalArtifact(runId);
        const saved = await saveStream(res.body, target, { out: s.out, label: rel ?? 'final artifact', force: Boolean(opts.force), backend: 'mn', expectedBytes: contentLength(res.headers), sha256: expected.sha256 ?? undefined, limit, signal: s.signal });
        s.out.item(
          [
            ['Saved', saved.path],
            ['Bytes', saved.bytes],
            ['SHA256', saved.sha256],
            ['Verified', expected.sha256 ? 'yes' : undefined, 'ok'],
          ],
          { run_id: runId, artifact: rel ?? 'final_artifact.json', path: saved.path, bytes: saved.bytes, sha256: saved.sha256, verified: Boolean(expected.sha256) },
          saved.path,
        );
      }),
    );
}
