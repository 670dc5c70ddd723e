/**
 * The list views' panes: the rows of the open view on the left (status coloured, the selection
 * highlighted) and the opened item's live detail on the right — a MirrorNeuron job's monitor (the
 * `job monitor` screen), an envelope's status and fly stream, an agent's recent traces.
 */
import React, { memo, useMemo } from 'react';
import { Box } from 'ink';
import { Segs } from '../app.js';
import { fit, formatClock } from '../format.js';
import { TONES, wrapLines, type Line } from '../theme.js';
import { MonitorView } from '../job-monitor/view.js';
import { statusTone, type Detail, type ListState } from './model.js';

const TITLES: Record<ListState['view'], string> = { jobs: 'Jobs (MirrorNeuron)', envelopes: 'Envelopes (Asya)', agents: 'Agents (Astromesh)' };

/** Column widths: the status column fits its words, the first column takes what is left. */
function widths(l: ListState, inner: number): number[] {
  const n = l.columns.length;
  const w = l.columns.map((c, i) => Math.max(c.length, ...l.items.map((it) => Array.from(it.cells[i] ?? '').length)));
  const rest = w.slice(1).reduce((a, b) => a + b + 2, 0);
  w[0] = Math.max(8, Math.min(w[0], inner - 2 - rest));
  for (let i = 1; i < n; i++) w[i] = Math.min(w[i], 40);
  return w;
}

function row(cells: string[], w: number[]): string {
  return cells.map((c, i) => fit(c, w[i]).padEnd(w[i])).join('  ');
}

export const ListPane = memo(function ListPane({ list, width, height }: { list: ListState; width: number; height: number }) {
  const inner = Math.max(4, width - 2);
  const w = widths(list, inner);
  const room = Math.max(1, height - 1);
  // The selection stays on screen whatever the refresh did to the order.
  const scroll = Math.max(0, Math.min(list.scroll, list.cursor, list.items.length - room), list.cursor - room + 1);
  const shown = list.items.slice(scroll, scroll + room);
  const title: Line = [{ text: TITLES[list.view], tone: 'title' }, { text: list.items.length ? `  ${list.cursor + 1}/${list.items.length}` : '', tone: 'dim' }];
  if (list.at) title.push({ text: `  refreshed ${formatClock(list.at)}`, tone: 'dim' });
  const statusCol = list.columns.findIndex((c) => c === 'STATUS');
  return (
    <Box flexDirection="column" width={width} borderStyle="round" borderColor={TONES.label.color} overflow="hidden">
      <Segs line={title} width={inner} />
      <Segs line={[{ text: `  ${row(list.columns, w)}`, tone: 'label' }]} width={inner} />
      {shown.map((it, i) => {
        const selected = scroll + i === list.cursor;
        if (selected) return <Segs key={it.id} line={[{ text: fit(`› ${row(it.cells, w)}`, inner).padEnd(inner), tone: 'selected' }]} width={inner} />;
        const line: Line = it.cells.map((c, j) => ({ text: (j ? '  ' : '  ') + fit(c, w[j]).padEnd(w[j]), tone: j === statusCol ? statusTone(it.status) : undefined }));
        return <Segs key={it.id} line={line} width={inner} />;
      })}
      {list.error ? <Segs line={[{ text: `ERROR: ${list.error}`, tone: 'bad' }]} width={inner} /> : null}
      {!list.items.length && !list.error ? <Segs line={[{ text: list.loading ? 'Loading…' : 'Nothing to show.', tone: 'info' }]} width={inner} /> : null}
    </Box>
  );
});

export const DetailPane = memo(function DetailPane({ detail, width, height }: { detail?: Detail; width: number; height: number }) {
  const inner = Math.max(4, width - 2);
  const lines = useMemo(() => (detail?.kind === 'lines' ? wrapLines(detail.lines, inner) : []), [detail, inner]);
  if (detail?.kind === 'job') {
    return (
      <Box flexDirection="column" width={width} height={height + 3} overflow="hidden">
        <MonitorView jobId={detail.id} snapshot={detail.snapshot} selected={0} detail={false} error={detail.error} width={width} keys={null} />
      </Box>
    );
  }
  const title: Line = detail ? [{ text: detail.title, tone: 'title' }, { text: detail.live ? '  live' : '', tone: 'info' }] : [{ text: 'Details', tone: 'title' }];
  const room = Math.max(1, height - (detail?.error ? 1 : 0));
  // Newest at the bottom: a long fly stream shows its end.
  const shown = lines.length > room ? lines.slice(lines.length - room) : lines;
  return (
    <Box flexDirection="column" width={width} borderStyle="round" borderColor={TONES.label.color} overflow="hidden">
      <Segs line={title} width={inner} />
      {detail ? shown.map((l, i) => <Segs key={i} line={l} width={inner} />) : <Segs line={[{ text: 'Press Enter to open the selected item.', tone: 'dim' }]} width={inner} />}
      {detail?.error ? <Segs line={[{ text: `ERROR: ${detail.error}`, tone: 'bad' }]} width={inner} /> : null}
    </Box>
  );
});
