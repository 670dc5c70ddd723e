import { defineVerb } from '../../src/app/command.js';
import { manifestValidateFlag } from '../../src/app/validate-flag.js';

export default defineVerb({
  name: 'upload',
  positional: '<zip>',
  summary: 'upload a bundle zip (manifest.json + payloads/; "-" reads it from stdin) for later submission or launch; its manifest.json is checked locally first',
  args: {
    validate: manifestValidateFlag(),
  },
  notes: 'Then: meshscope job submit --bundle PATH   or   meshscope blueprint run --bundle PATH',
  async run(s, opts, file) {
    const { readFileSync, statSync } = await import('node:fs');
    const { usageError } = await import('../../src/errors.js');
    const { stdinFor } = await import('../../src/app/flags.js');
    const piped = await stdinFor(file, s.io.stdin);
    // `-`: the zip comes on stdin and is uploaded as bundle.zip
    if (piped) file = 'bundle.zip';
    if (!/\.zip$/i.test(file)) throw usageError(`${file} is not a .zip file`, 'zip the bundle folder (manifest.json and payloads/) first, e.g. `zip -r bundle.zip manifest.json payloads`');
    let bytes: Buffer;
    try {
      if (piped) bytes = piped;
      else if (!statSync(file).isFile()) throw new Error('EISDIR');
      else bytes = readFileSync(file);
    } catch (e) {
      throw usageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, 'check the path of the bundle zip');
    }
    const { bundleManifest } = await import('../../src/backends/mn/manifest.js');
    bundleManifest(bytes, file, { validate: opts.validate, warn: (line) => s.out.warn(line) });
    const { MnClient } = await import('../../src/backends/mn/client.js');
    const spin = s.out.progress(`uploading ${file}`);
    let res;
    try {
      res = await new MnClient(await s.client('mn')).uploadBundle(file, bytes);
    } finally {
      spin.done();
    }
    const m = res.manifest ?? {};
    const wf = (m as { workflow?: { workflow_id?: string } }).workflow;
    s.out.item(
      [
        ['Bundle path', res.bundle_path],
        ['Workflow', wf?.workflow_id ?? (m as { graph_id?: string }).graph_id],
        ['Size', `${bytes.length} bytes`],
      ],
      res,
      res.bundle_path,
    );
    if (!s.out.structured) s.out.info(`submit it with: meshscope job submit --bundle ${res.bundle_path}`);
  },
});
