import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';
import { nameArg } from '../../src/app/names.js';

export default function register(noun: Command, host: CommandHost): void {
  noun
    .command('benchmark <model-id>')
    .description('a small local benchmark of an installed model: first-token latency and tokens per second')
    .option('--prompt <text>', 'the prompt to generate from')
    .option('--max-tokens <n>', 'tokens to generate (16-512)', '96')
    .action(
      host.act(async (s, opts: { prompt?: string; maxTokens?: string }, id) => {
        id = nameArg(id, 'model');
        const { intFlag } = await import('../../src/backends/mn/files.js');
        const maxTokens = intFlag(opts.maxTokens, '--max-tokens', 16, 512);
        const { MnClient } = await import('../../src/backends/mn/client.js');
        const spin = s.out.progress(`benchmarking ${id}`);
        let b;
        try {
          b = await new MnClient(await s.client('mn')).benchmarkModel(id, { prompt: opts.prompt, max_tokens: maxTokens });
        } finally {
          spin.done();
        }
        s.out.item(
          [
            ['Model', b.model ?? id],
            ['Docker model', b.docker_model],
            ['Node', b.node],
            ['First token', b.first_token_ms != null ? `${b.first_token_ms} ms` : undefined],
            ['Tokens/s', b.tokens_per_second],
            ['Generated', b.generated_tokens],
            ['Elapsed', b.elapsed_ms != null ? `${b.elapsed_ms} ms` : undefined],
            ['Estimated', b.estimated ? 'yes' : undefined],
            ['Sample', b.sample],
          ],
          b,
          `model/${b.model ?? id}`,
        );
      }),
    );
}
