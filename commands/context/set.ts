import { defineVerb } from '../../src/app/command.js';
import { bool } from '../../src/app/flags.js';
import { nameArg } from '../../src/app/names.js';

export default defineVerb({
  name: 'set',
  positional: '<name> [assignments...]',
  summary: 'create or change a context: KEY=VALUE pairs such as admin.url=https://mesh:1729 (empty value removes a key)',
  args: {
    use: bool('--use', 'make it the current context'),
    replace: bool('--replace', 'start the context afresh: keys not given are removed'),
  },
  notes: `Keys (every one optional: a backend without url takes it from its flag, MESHSCOPE_<BACKEND>_URL or the default):
  admin.url admin.ca admin.cert admin.key admin.plaintext admin.insecure
  mn.url mn.token-env mn.token-file mn.ca mn.insecure
  asya.url asya.internal-url asya.ca asya.insecure     (asya.ca and asya.insecure hold for both URLs)
  astromesh.url astromesh.ca astromesh.insecure
  grid.url grid.token-env grid.token-file grid.ca grid.insecure

ca is the CA certificate (PEM file) the backend's server certificate is checked against; a backend
with a ca is only reached over https. Tokens are never stored: name the variable (token-env) or a
file (token-file) that holds them.

Example:
  meshscope context set prod admin.url=https://mesh-admin:1729 admin.ca=/etc/pki/ca.pem mn.url=https://mn/api/v1 mn.token-env=MN_API_TOKEN --use`,
  async run(s, opts, name, ...rest) {
    name = nameArg(name, 'context');
    const assignments = (rest[0] as unknown as string[]) ?? [];
    const { setContext } = await import('../../src/config/contexts.js');
    const r = setContext(name, assignments, opts, s.io.env);
    s.out.info(`context "${name}" ${r.created ? 'created' : opts.replace ? 'replaced' : 'updated'} in ${r.path}${opts.use ? '; it is the current context' : ''}`);
  },
});
