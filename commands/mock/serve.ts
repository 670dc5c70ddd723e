import type { Command } from 'commander';
import type { CommandHost } from '../../src/app/command.js';
import { usageError } from '../../src/app/reexports.js';

interface Opts {
  portBase?: string;
  tls?: boolean;
  host?: string;
}

export default function register(noun: Command, host: CommandHost): void {
  noun
    .command('serve')
    .description('serve the mock on loopback until Ctrl-C: admin, mn, asya (two ports), astromesh and grid')
    .option('--port-base <n>', 'admin N, mn N+1, asya N+2 and N+3 (internal), astromesh N+4, grid N+5; 0 picks free ports (default: the real ports)')
    .option('--tls', 'serve HTTPS on every backend with generated certificates (one CA); the admin server also requires a client certificate (mTLS)')
    .option('--host <addr>', 'address to bind (default 127.0.0.1; anything else exposes the mock to the network)')
    .addHelpText('after', '\nOnce every server listens it prints their URLs and one command, `meshscope context set mock ... --use`,\nthat points every backend at the mock (with --tls: the CA of each and the admin client certificate).\nWith -o json, prints exactly one JSON line instead:\n  {"admin":URL,"mn":URL,"asya":URL,"asya_internal":URL,"astromesh":URL,"grid":URL}  (with --tls also "tls":{"ca","cert","key"})\nThe scenario comes from the global --scenario flag (default: healthy).')
    .action(
      host.act(async (s, opts: Opts) => {
        let portBase: number | undefined;
        if (opts.portBase !== undefined) {
          portBase = Number(opts.portBase);
          if (!Number.isInteger(portBase) || portBase < 0 || portBase > 65_530) throw usageError(`invalid --port-base "${opts.portBase}"`, 'give 0 (free ports) or a port number up to 65530');
        }
        if (opts.host && !['127.0.0.1', 'localhost', '::1'].includes(opts.host)) s.out.warn(`binding to ${opts.host}: the mock is reachable from the network and has no real authentication`);
        if (s.opts.mock) throw usageError('--mock makes no sense with `mock serve`', 'drop --mock');
        const { serveMock } = await import('../../src/mock/serve.js');
        return serveMock(s.out, { scenario: s.opts.scenario, portBase, tls: opts.tls, host: opts.host, env: s.io.env }, s.signal);
      }),
    );
}
