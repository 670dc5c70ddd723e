import { defineVerb } from '../../src/app/command.js';
import { intDefault, text } from '../../src/app/flags.js';
import { nameArg } from '../../src/app/names.js';

export default defineVerb({
  name: 'benchmark',
  positional: '<model-id>',
  summary: 'a small local benchmark of an installed model: first-token latency and tokens per second',
  args: {
    prompt: text('--prompt <text>', 'the prompt to generate from'),
    maxTokens: intDefault('--max-tokens <n>', 'tokens to generate', 96, { min: 16, max: 512 }),
  },
  async run(s, opts, id) {
    id = nameArg(id, 'model');
    const maxTokens = opts.maxTokens;
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
  },
});
