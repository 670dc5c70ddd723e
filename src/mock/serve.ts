/**
 * `meshscope mock serve`: start every backend, announce the URLs and the one command that makes a
 * context for all of them, run until signalled.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Output } from '../output/index.js';
import { shellQuote } from '../output/shell.js';
import { describeStats, startMock, type MockHandle, type MockOptions } from './server.js';

/** The name of the context `mock serve` offers to write. */
export const MOCK_CONTEXT = 'mock';

/** The token the grid mock accepts when it was started without GRID_TOKEN (it then takes any). */
const GRID_MOCK_TOKEN = 'meshscope-mock';

export function readyLine(h: MockHandle): Record<string, unknown> {
  const u = h.urls;
  const line: Record<string, unknown> = { admin: u.admin, mn: u.mn, asya: u.asya, asya_internal: u.asyaInternal, astromesh: u.astromesh, grid: u.grid };
  if (h.tls) line.tls = { ca: h.tls.ca, cert: h.tls.clientCert, key: h.tls.clientKey };
  return line;
}

/**
 * The arguments of `meshscope context set mock ... --replace --use`: every backend's URL, with TLS
 * the CA of each (and admin's client certificate), and the credentials the mock's mn and grid ask
 * for. After it, every command reaches the mock with no endpoint flags.
 */
export function contextArgs(h: MockHandle, auth: { mnTokenEnv?: string; gridTokenEnv?: string; gridTokenFile?: string }): string[] {
  const u = h.urls;
  const ca = h.tls?.ca;
  const args = ['context', 'set', MOCK_CONTEXT, `admin.url=${u.admin}`];
  if (h.tls) args.push(`admin.ca=${h.tls.ca}`, `admin.cert=${h.tls.clientCert}`, `admin.key=${h.tls.clientKey}`);
  args.push(`mn.url=${u.mn}`);
  if (ca) args.push(`mn.ca=${ca}`);
  if (auth.mnTokenEnv) args.push(`mn.token-env=${auth.mnTokenEnv}`);
  args.push(`asya.url=${u.asya}`, `asya.internal-url=${u.asyaInternal}`);
  if (ca) args.push(`asya.ca=${ca}`);
  args.push(`astromesh.url=${u.astromesh}`);
  if (ca) args.push(`astromesh.ca=${ca}`);
  args.push(`grid.url=${u.grid}`);
  if (ca) args.push(`grid.ca=${ca}`);
  if (auth.gridTokenEnv) args.push(`grid.token-env=${auth.gridTokenEnv}`);
  else if (auth.gridTokenFile) args.push(`grid.token-file=${auth.gridTokenFile}`);
  args.push('--replace', '--use');
  return args;
}

function firstGridNode(h: MockHandle): string | undefined {
  const grid = (h.scenario as { grid?: { nodes?: Array<{ id: string; online?: boolean }> } }).grid;
  return grid?.nodes?.find((n) => n.online !== false)?.id;
}

export async function serveMock(out: Output, opts: MockOptions, signal: AbortSignal): Promise<number> {
  const env = opts.env ?? process.env;
  // the files a context may name (certificates, the grid token) live as long as the mock
  const runDir = mkdtempSync(join(tmpdir(), 'meshscope-mock-'));
  try {
    const auth: Parameters<typeof contextArgs>[1] = {};
    if (env.MN_API_TOKEN) auth.mnTokenEnv = 'MN_API_TOKEN';
    if (env.GRID_TOKEN) auth.gridTokenEnv = 'GRID_TOKEN';
    else {
      auth.gridTokenFile = join(runDir, 'grid-token');
      writeFileSync(auth.gridTokenFile, `${GRID_MOCK_TOKEN}\n`, { mode: 0o600 });
    }
    const handle = await startMock({ ...opts, certDir: opts.certDir ?? (opts.tls ? runDir : undefined) });
    try {
      if (out.format === 'json') {
        out.ndjson(readyLine(handle));
      } else {
        const u = handle.urls;
        const rows = Object.entries({ admin: u.admin, mn: u.mn, asya: u.asya, 'asya (internal)': u.asyaInternal, astromesh: u.astromesh, grid: u.grid });
        const node = firstGridNode(handle) ?? 'NODE_ID';
        const lines = [
          `meshscope mock: scenario "${handle.scenario.name}" (seed ${handle.scenario.seed})`,
          ...rows.map(([k, v]) => `  ${k.padEnd(16)} ${v}`),
          '',
          `Point meshscope at it (writes context "${MOCK_CONTEXT}" for all five backends and makes it current):`,
          '',
          `  meshscope ${contextArgs(handle, auth).map(shellQuote).join(' ')}`,
          '',
          'Then, with no other flags: meshscope diagnose, meshscope job list, meshscope envelope list,',
          `meshscope agent list, meshscope pprof capture --client ${node} --profile heap.`,
          'Back to your own context: meshscope context use NAME.',
        ];
        if (handle.tls) {
          const t = handle.tls;
          lines.push(
            '',
            `TLS: every backend serves https; its certificate is signed by the CA ${t.ca}.`,
            'The admin server also requires the client certificate (mTLS). For one command without the context:',
            `  --cacert ${shellQuote(t.ca)} --cert ${shellQuote(t.clientCert)} --key ${shellQuote(t.clientKey)} --mn-ca ${shellQuote(t.ca)} --asya-ca ${shellQuote(t.ca)} --astromesh-ca ${shellQuote(t.ca)} --grid-ca ${shellQuote(t.ca)}`,
          );
        }
        out.text(lines.join('\n'));
      }
      out.info('mock ready; press Ctrl-C to stop');
      await new Promise<void>((resolve) => {
        if (signal.aborted) return resolve();
        signal.addEventListener('abort', () => resolve(), { once: true });
      });
      out.info(`mock stopped: ${describeStats(handle.stats)}`);
      return 0;
    } finally {
      await handle.close();
    }
  } finally {
    rmSync(runDir, { recursive: true, force: true });
  }
}
