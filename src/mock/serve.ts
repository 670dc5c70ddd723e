/** `meshscope mock serve`: start every backend, announce the URLs and a ready context, run until signalled. */
import { stringify } from 'yaml';
import type { Output } from '../output/index.js';
import { describeStats, startMock, type MockHandle, type MockOptions } from './server.js';

export function readyLine(h: MockHandle): Record<string, unknown> {
  const u = h.urls;
  const line: Record<string, unknown> = { admin: u.admin, mn: u.mn, asya: u.asya, asya_internal: u.asyaInternal, astromesh: u.astromesh, grid: u.grid };
  if (h.tls) line.tls = { ca: h.tls.ca, cert: h.tls.clientCert, key: h.tls.clientKey };
  return line;
}

/** The context a user can paste into the contexts file to use this mock. */
export function readyContext(h: MockHandle): Record<string, unknown> {
  const u = h.urls;
  const admin: Record<string, unknown> = { url: u.admin };
  if (h.tls) Object.assign(admin, { ca: h.tls.ca, cert: h.tls.clientCert, key: h.tls.clientKey });
  const withCa = (url: string) => (h.tls ? { url, ca: h.tls.ca } : { url });
  return {
    contexts: {
      mock: {
        admin,
        mn: withCa(u.mn),
        asya: { url: u.asya, 'internal-url': u.asyaInternal },
        astromesh: { url: u.astromesh },
        grid: { ...withCa(u.grid), 'token-env': 'GRID_TOKEN' },
      },
    },
  };
}

export async function serveMock(out: Output, opts: MockOptions, signal: AbortSignal): Promise<number> {
  const handle = await startMock(opts);
  try {
    if (out.format === 'json') {
      out.ndjson(readyLine(handle));
    } else {
      const rows = Object.entries({ admin: handle.urls.admin, mn: handle.urls.mn, asya: handle.urls.asya, 'asya (internal)': handle.urls.asyaInternal, astromesh: handle.urls.astromesh, grid: handle.urls.grid });
      out.text(`meshscope mock: scenario "${handle.scenario.name}" (seed ${handle.scenario.seed})\n` + rows.map(([k, v]) => `  ${k.padEnd(16)} ${v}`).join('\n'));
      out.text(`\nReady context (save it, e.g. with \`meshscope context set mock admin.url=${handle.urls.admin} ...\`):\n\n${stringify(readyContext(handle))}`);
      if (handle.tls) out.text(`TLS: the admin server requires a client certificate. Use:\n  --cacert ${handle.tls.ca} --cert ${handle.tls.clientCert} --key ${handle.tls.clientKey}`);
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
}
