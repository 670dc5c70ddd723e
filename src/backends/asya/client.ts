/** Typed client of the asya mesh API (external and internal ports). */
import type { HttpClient } from '../../http/client.js';

export class AsyaClient {
  constructor(
    readonly external: HttpClient,
    readonly internal?: HttpClient,
  ) {}

  /** GET /health answers `OK` as text/plain. */
  async health(which: 'external' | 'internal' = 'external'): Promise<{ ok: boolean; body: string; url: string; elapsedMs: number }> {
    const client = which === 'internal' && this.internal ? this.internal : this.external;
    const r = await client.text({ path: 'health' });
    return { ok: r.text.trim() === 'OK', body: r.text.trim(), url: r.url, elapsedMs: r.elapsedMs };
  }
}
