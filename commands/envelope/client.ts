/** The asya client of a command: both ports, and the API prefix (MESHSCOPE_ASYA_PREFIX, default /api/v1). */
import type { Session } from '../../src/app/session.js';
import type { AsyaClient } from '../../src/backends/asya/client.js';

export async function asyaClient(s: Session): Promise<AsyaClient> {
  const { AsyaClient } = await import('../../src/backends/asya/client.js');
  return new AsyaClient(await s.client('asya'), await s.client('asyaInternal'), { prefix: s.io.env.MESHSCOPE_ASYA_PREFIX });
}

/** The stream idle limit: three keepalives, or the per-request timeout if longer. */
export function idleMs(s: Session): number {
  return Math.max(45_000, s.requestTimeoutMs);
}
