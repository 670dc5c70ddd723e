/**
 * The browser's Ink root: keys go to the controller (useInput), the terminal's size follows
 * resizes, and each state of the controller's store becomes a frame (frame.ts). On a terminal the
 * painter writes each frame as what changed since the last one, once for all the changes a key
 * or a batch of answers made; without a painter (the tests' renderer) Ink draws the frame's rows.
 */
import React, { useEffect, useLayoutEffect, useMemo, useSyncExternalStore } from 'react';
import { Box, Text, useInput, useStdout } from 'ink';
import type { Controller } from './controller.js';
import { composeFrame } from './frame.js';
import type { Painter } from './paint.js';
import type { Size } from './state.js';

export interface AppProps {
  controller: Controller;
  /** A fixed size (tests); otherwise the terminal's, following resizes. */
  size?: Size;
  /** Paint the frames onto the terminal (only what changed); without one, Ink draws them. */
  painter?: Painter;
}

export function App({ controller, size, painter }: AppProps): React.ReactElement {
  const { stdout } = useStdout();
  useEffect(() => {
    if (size) {
      controller.resize(size);
      return;
    }
    const on = () => {
      const cur = controller.state.size;
      if (!stdout.columns || !stdout.rows || (stdout.columns === cur.columns && stdout.rows === cur.rows)) return;
      // Start the next frame on a clean screen: nothing of the old layout stays behind.
      if (painter) painter.invalidate();
      else if (stdout.isTTY) stdout.write('\x1b[2J\x1b[3J\x1b[H');
      controller.resize({ columns: stdout.columns, rows: stdout.rows });
    };
    on();
    stdout.on('resize', on);
    return () => {
      stdout.off('resize', on);
    };
  }, [controller, stdout, size, painter]);
  useInput((input, key) => controller.key(input, key));
  return painter ? <Painted controller={controller} painter={painter} /> : <Drawn controller={controller} />;
}

/**
 * Frames painted straight onto the terminal: one paint for every change of state made at once
 * (all the actions of a key, a batch of answers), none while nothing changes.
 */
function Painted({ controller, painter }: { controller: Controller; painter: Painter }): null {
  useLayoutEffect(() => {
    let pending: NodeJS.Immediate | undefined;
    const paint = () => {
      pending = undefined;
      painter.paint(composeFrame(controller.state));
    };
    const off = controller.store.subscribe(() => {
      pending ??= setImmediate(paint);
    });
    paint();
    return () => {
      off();
      if (pending) clearImmediate(pending);
    };
  }, [controller, painter]);
  return null;
}

/**
 * The rows of the controller's frames, each frame composed when the state changes (outside React's
 * rendering: a job's monitor inside a frame is itself drawn by Ink).
 */
class Frames {
  private rows: string[];
  private readonly listeners = new Set<() => void>();

  constructor(private readonly controller: Controller) {
    this.rows = this.compose();
  }

  private compose(): string[] {
    const g = composeFrame(this.controller.state);
    return Array.from({ length: g.height }, (_, y) => g.rowAnsi(y));
  }

  get = (): string[] => this.rows;

  subscribe = (fn: () => void): (() => void) => {
    const off = this.controller.store.subscribe(() => {
      this.rows = this.compose();
      for (const l of this.listeners) l();
    });
    this.listeners.add(fn);
    return () => {
      off();
      this.listeners.delete(fn);
    };
  };
}

/** Frames drawn by Ink, one Text per row. */
function Drawn({ controller }: { controller: Controller }): React.ReactElement {
  const frames = useMemo(() => new Frames(controller), [controller]);
  const rows = useSyncExternalStore(frames.subscribe, frames.get);
  return (
    <Box flexDirection="column">
      {rows.map((r, i) => (
        <Text key={i} wrap="truncate-end">
          {r}
        </Text>
      ))}
    </Box>
  );
}
