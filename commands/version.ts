import { defineVerb } from '../src/app/command.js';

export default defineVerb({
  name: 'version',
  summary: 'print the version of meshscope and of Node.js',
  configure: (cmd) => cmd.helpGroup('Everywhere:'),
  async run(s) {
    const { VERSION } = await import('../src/cli/version.js');
    s.out.item(
      [
        ['meshscope', VERSION],
        ['node', process.version],
        ['platform', `${process.platform}/${process.arch}`],
      ],
      { meshscope: VERSION, node: process.version, platform: process.platform, arch: process.arch },
      VERSION,
    );
  },
});
