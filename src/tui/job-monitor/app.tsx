/**
 * The live `job monitor` app: the monitor's controller (the browser's store and reducer, its keys
 * from the one keymap) drawn by MonitorView. It ends when the job reaches a terminal status (after
 * drawing the final frame) or when the user detaches with q / Esc / Ctrl+C. The outcome goes to
 * `onDone`.
 */
import { useEffect, useRef, useSyncExternalStore } from 'react';
import { useApp, useInput, useStdout } from 'ink';
import type { WorkflowProgress } from '../../backends/mn/models.js';
import { monitorKeys } from '../keymap.js';
import { MonitorController, type MonitorOutcome } from './controller.js';
import { MonitorView } from './view.js';

export type { MonitorOutcome } from './controller.js';

export interface MonitorAppProps {
  jobId: string;
  source: AsyncIterable<WorkflowProgress>;
  onDone: (outcome: MonitorOutcome) => void;
  /** Notices from the source (stream fallback). */
  notices?: { subscribe(fn: (msg: string) => void): void };
}

export function MonitorApp({ jobId, source, onDone, notices }: MonitorAppProps) {
  const { exit } = useApp();
  const { stdout } = useStdout();
  // one controller for the life of the app (the source is consumed once)
  const ref = useRef<MonitorController | undefined>(undefined);
  ref.current ??= new MonitorController({ jobId, source, onDone, notices });
  const c = ref.current;
  useEffect(() => {
    c.start(exit);
    return () => c.stop();
  }, [c, exit]);
  const s = useSyncExternalStore(c.store.subscribe, c.store.getState);
  useInput((input, key) => c.key(input, key));
  const m = s.monitor!;
  return <MonitorView jobId={jobId} snapshot={m.snapshot} selected={m.selected} detail={m.detail} notice={m.notice} error={m.error} width={stdout?.columns} keys={monitorKeys()} />;
}
