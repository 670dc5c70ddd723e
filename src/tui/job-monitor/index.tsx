/**
 * Entry of the live job monitor: renders MonitorApp with Ink on the given terminal streams and
 * resolves with how it ended. Only `job monitor` imports this module (and with it Ink and React),
 * and only when stdin and stdout are TTYs.
 */
import { render } from 'ink';
import type { WorkflowProgress } from '../../backends/mn/models.js';
import { MonitorApp, type MonitorOutcome } from './app.js';

export type { MonitorOutcome } from './app.js';

export interface RunMonitorOptions {
  jobId: string;
  source: AsyncIterable<WorkflowProgress>;
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  /** Set when colour must be off (NO_COLOR, --no-color): Ink's colours go through chalk. */
  noColor?: boolean;
  /** Subscribe to notices (the stream fell back to polling). */
  notices?: { subscribe(fn: (msg: string) => void): void };
}

export async function runJobMonitor(opts: RunMonitorOptions): Promise<MonitorOutcome> {
  if (opts.noColor) {
    const chalk = (await import('chalk')).default;
    chalk.level = 0;
  }
  let outcome: MonitorOutcome | undefined;
  const app = render(<MonitorApp jobId={opts.jobId} source={opts.source} notices={opts.notices} onDone={(o) => (outcome = o)} />, {
    stdin: opts.stdin,
    stdout: opts.stdout,
    stderr: opts.stderr,
    exitOnCtrlC: false,
    patchConsole: false,
    maxFps: 12,
  });
  await app.waitUntilExit();
  return outcome ?? { kind: 'detached', interrupt: false };
}
