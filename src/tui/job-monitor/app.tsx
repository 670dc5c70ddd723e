/**
 * The live `job monitor` app: consumes a stream of workflow-progress snapshots, keeps the
 * selection, and ends when the job reaches a terminal status (after drawing the final frame) or
 * when the user detaches with q / Ctrl+C. The outcome goes to `onDone`.
 */
import { useEffect, useRef, useState } from 'react';
import { useApp, useInput, useStdout } from 'ink';
import type { WorkflowProgress } from '../../backends/mn/models.js';
import { MonitorView, currentAgents } from './view.js';
import { isTerminalJobStatus } from '../../vocab/mn.js';

export type MonitorOutcome = { kind: 'finished'; snapshot: WorkflowProgress } | { kind: 'detached'; snapshot?: WorkflowProgress; interrupt: boolean } | { kind: 'error'; error: unknown; snapshot?: WorkflowProgress };

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
  const [snapshot, setSnapshot] = useState<WorkflowProgress | undefined>();
  const [selected, setSelected] = useState(0);
  const [detail, setDetail] = useState(false);
  const [notice, setNotice] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  const latest = useRef<WorkflowProgress | undefined>(undefined);
  const finished = useRef(false);

  const finish = (outcome: MonitorOutcome) => {
    if (finished.current) return;
    finished.current = true;
    onDone(outcome);
    // let the final frame render before unmounting
    setTimeout(() => exit(), 50);
  };

  useEffect(() => {
    notices?.subscribe((msg) => setNotice(msg));
    let alive = true;
    (async () => {
      try {
        for await (const snap of source) {
          if (!alive) return;
          latest.current = snap;
          setSnapshot(snap);
          if (isTerminalJobStatus(snap.status)) return finish({ kind: 'finished', snapshot: snap });
        }
      } catch (e) {
        if (!alive) return;
        setError(e instanceof Error ? e.message : String(e));
        finish({ kind: 'error', error: e, snapshot: latest.current });
      }
    })();
    return () => {
      alive = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the source is consumed once for the life of the app
  }, []);

  useInput((input, key) => {
    if (key.ctrl && input === 'c') return finish({ kind: 'detached', snapshot: latest.current, interrupt: true });
    if (input === 'q' || key.escape) return finish({ kind: 'detached', snapshot: latest.current, interrupt: false });
    const n = currentAgents(latest.current).length;
    if (key.upArrow || input === 'k') setSelected((i) => Math.max(0, i - 1));
    else if (key.downArrow || input === 'j') setSelected((i) => Math.min(Math.max(0, n - 1), i + 1));
    else if (key.return) setDetail(true);
    else if (key.backspace || key.delete) setDetail(false);
  });

  return <MonitorView jobId={jobId} snapshot={snapshot} selected={selected} detail={detail} notice={notice} error={error} width={stdout?.columns} />;
}
