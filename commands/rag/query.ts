import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';

export default function register(noun: Command, host: CommandHost): void {
  noun
    .command('query <collection> <query...>')
    .description('the passages of a RAG collection most similar to a query, best first')
    .option('--top-k <n>', 'at most this many passages', '5')
    .option('--min-score <score>', 'leave out passages scoring below this similarity (0..1)')
    .action(
      host.act(async (s, opts: { topK?: string; minScore?: string }, collection, ...rest) => {
        const query = ((rest[0] as unknown as string[]) ?? []).join(' ');
        const { intFlag, floatFlag } = await import('../../src/backends/astromesh/input.js');
        const topK = intFlag(opts.topK, '--top-k', 1);
        const minScore = floatFlag(opts.minScore, '--min-score', [0, 1]);
        const { AstromeshClient } = await import('../../src/backends/astromesh/client.js');
        const { ragView } = await import('../../src/backends/astromesh/render.js');
        const r = await new AstromeshClient(await s.client('astromesh')).ragQuery(collection, query, topK, minScore);
        // Daemons without score_threshold ignore it: filter here as well.
        const results = minScore === undefined ? r.results : r.results.filter((x) => x.score >= minScore);
        if (!results.length && !s.out.structured) {
          s.out.info(`no passage of ${collection} matches "${query}"${minScore !== undefined ? ` with a score of at least ${minScore}` : ''}`);
          return 0;
        }
        s.out.list(results, ragView, { ...r, results });
        return 0;
      }),
    );
}
