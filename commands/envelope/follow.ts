/** Following an envelope from a command: the live view, Ctrl-C (offer to cancel on a terminal), --timeout. */
import type { Session } from '../../src/app/session.js';
import type { AsyaClient } from '../../src/backends/asya/client.js';
import { idleMs } from './client.js';

async function cancelAfterInterrupt(s: Session, id: string): Promise<void> {
  // The session's clients are aborted with it: cancel with a fresh one.
  const { HttpClient } = await import('../../src/http/client.js');
  const { AsyaClient } = await import('../../src/backends/asya/client.js');
  const { endpoints } = await s.endpoints();
  const fresh = new HttpClient(endpoints.asya, { timeoutMs: s.requestTimeoutMs, retries: 2 });
  try {
    await new AsyaClient(fresh, undefined, { prefix: s.io.env.MESHSCOPE_ASYA_PREFIX }).cancel(id);
  } finally {
    await fresh.close();
  }
}

/**
 * Watch to the final status and return the exit code (0 succeeded, 1 failed or canceled). On Ctrl-C:
 * with `owner` (the command created the envelope) and a terminal on stdin, ask whether to cancel it;
 * otherwise exit 130 saying how to cancel.
 */
export async function followToEnd(s: Session, asya: AsyaClient, id: string, owner: boolean): Promise<number> {
  const { followEnvelope } = await import('../../src/backends/asya/render.js');
  try {
    const { code } = await followEnvelope(asya, id, s.out, { signal: s.signal, idleMs: idleMs(s) });
    return code;
  } catch (e) {
    if (!s.signal.aborted) throw e;
    const how = `meshscope envelope cancel ${id}`;
    const reason = s.signal.reason as { name?: string } | undefined;
    if (reason?.name === 'TimeoutError') {
      if (owner) s.out.info(`envelope ${id} keeps running on the mesh; cancel it with: ${how}`);
      s.checkAborted();
    }
    if (!owner) {
      s.out.info('interrupted');
      return 130;
    }
    if (s.io.stdin.isTTY === true) {
      const { confirm } = await import('../../src/output/prompt.js');
      if (await confirm(s.io, `interrupted: cancel envelope ${id}?`)) {
        await cancelAfterInterrupt(s, id);
        s.out.info(`envelope ${id} canceled`);
        return 130;
      }
    } else {
      s.out.info('interrupted');
    }
    s.out.info(`envelope ${id} keeps running on the mesh; cancel it with: ${how}`);
    return 130;
  }
}
