import { defineVerb } from '../../src/app/command.js';
import { list, text } from '../../src/app/flags.js';
import { nameArg } from '../../src/app/names.js';



export default defineVerb({
  name: 'validate',
  positional: '[blueprint-id]',
  summary: 'validate a catalog blueprint with its inputs, or a launch source (--bundle, --path); exit 1 when invalid',
  args: {
    bundle: text('--bundle <path>', 'an uploaded bundle (server path from `meshscope bundle upload`)'),
    path: text('--path <dir>', 'a blueprint folder on the server'),
    set: list('--set <path=value>', 'override a config value (repeatable)'),
  },
  async run(s, opts, id?: string) {
    id = id && nameArg(id, 'blueprint');
    const { usageError } = await import('../../src/errors.js');
    const sources = [id, opts.bundle, opts.path].filter(Boolean).length;
    if (sources !== 1) throw usageError(sources ? 'give one of BLUEPRINT_ID, --bundle or --path' : 'nothing to validate', 'e.g. meshscope blueprint validate research_brief_assistant');
    const { parseSets } = await import('../../src/backends/mn/files.js');
    const config = parseSets(opts.set);
    const { MnClient } = await import('../../src/backends/mn/client.js');
    const { renderValidation } = await import('../../src/backends/mn/render.js');
    const client = new MnClient(await s.client('mn'));
    const res = id
      ? await client.validateBlueprint(id, Object.keys(config).length ? config : undefined)
      : await client.validateLaunch({ source: opts.bundle ? 'bundle' : 'path', _bundle_path: opts.bundle, path: opts.path, config_overwrite: Object.keys(config).length ? config : undefined });
    renderValidation(s.out, res, id ?? opts.bundle ?? opts.path ?? '');
    return res.validation.ok ? 0 : 1;
  },
});
