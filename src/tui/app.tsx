/**
 * The Ink components of the topology browser: header (server, uptime, started by, toggles, the
 * error line), the topology tree (about 40%, virtualised: only the rows on screen are drawn), the
 * details pane (about 60%) or the open overlay, and the footer (keys, prompts, notices). Everything
 * they show comes from the reducer's state through the controller's store.
 */
import React, { memo, useEffect, useMemo, useSyncExternalStore } from 'react';
import { Box, Text, useInput, useStdout } from 'ink';
import type { Controller } from './controller.js';
import { entryDetails, type Details } from './details.js';
import { clean, fit, formatClock, formatCount, formatMs, formatUptime } from './format.js';
import { overlayView } from './overlays.js';
import { layout, selectRows, type Layout, type Overlay, type Size, type TuiState } from './state.js';
import { TONES, wrapLines, type Line, type Tone } from './theme.js';
import { rowPrefix, type Cache, type CacheEntry, type Row } from './tree.js';
import { DetailPane as ViewDetailPane, ListPane } from './views/pane.js';

export function Segs({ line, width, base }: { line: Line; width: number; base?: Tone }): React.ReactElement {
  // Cut the line to the pane width ourselves: cheaper than Ink's wrapping, and exact.
  let room = width;
  const parts: React.ReactElement[] = [];
  for (let i = 0; i < line.length && room > 0; i++) {
    const s = line[i];
    const chars = Array.from(s.text);
    const text = chars.length > room ? fit(s.text, room) : s.text;
    room -= Math.min(chars.length, room);
    const st = TONES[s.tone ?? base ?? 'plain'];
    parts.push(
      <Text key={i} color={st.color} bold={st.bold} dimColor={st.dim} inverse={st.inverse} underline={st.underline}>
        {text}
      </Text>,
    );
  }
  const empty = line.every((x) => x.text === '');
  return <Text wrap="truncate-end">{empty ? ' ' : parts}</Text>;
}

// ---------------------------------------------------------------------------------------------
// Header and footer
// ---------------------------------------------------------------------------------------------

function headerLine(s: TuiState): Line {
  if (s.view !== 'mesh') {
    // a list view: its own backend, not the admin server's settings
    const line: Line = [{ text: `:${s.view}`, tone: 'title' }];
    if (s.list?.origin) line.push({ text: ` • ${clean(s.list.origin)}` });
    if (s.list) line.push({ text: ` • ${formatCount(s.list.items.length)} items`, tone: 'dim' }, { text: s.overlay ? ' • refresh paused' : ` • every ${formatMs(s.refreshMs)}`, tone: 'dim' });
    return line;
  }
  const root = s.cache.get('root')?.payload;
  const r = root && 'Root' in root.properties ? root.properties.Root : undefined;
  const line: Line = [{ text: 'mesh-admin', tone: 'title' }, { text: ` • ${clean(s.url)}` }];
  if (r) line.push({ text: ` • up: ${formatUptime(r.started_at, s.now)}` }, { text: ` • @${clean(r.started_by)}` });
  line.push({ text: ` • sys:${s.showSystem ? 'on' : 'off'}`, tone: s.showSystem ? 'accent' : undefined }, { text: ` • stopped:${s.showStopped ? 'on' : 'off'}`, tone: s.showStopped ? 'accent' : undefined });
  line.push({ text: s.overlay ? ' • refresh paused' : ` • every ${formatMs(s.refreshMs)}`, tone: 'dim' });
  return line;
}

function statusLine(s: TuiState, rows: readonly Row[], clipped: boolean): Line {
  if (s.error) return [{ text: `ERROR: ${clean(s.error)}`, tone: 'bad' }];
  const line: Line = [];
  if (clipped) line.push({ text: '⚠ content hidden — resize  ', tone: 'warn' });
  if (!s.cache.get('root')?.payload) {
    line.push({ text: `Connecting to ${clean(s.url)}…`, tone: 'info' });
    return line;
  }
  let failed = 0;
  for (const r of rows) if (r.selfFailed) failed++;
  line.push({ text: `${formatCount(rows.length)} rows`, tone: 'dim' });
  if (failed) line.push({ text: ` • ${formatCount(failed)} failed shown (f to step)`, tone: 'bad' });
  if (s.lastRefresh) line.push({ text: ` • refreshed ${formatClock(s.lastRefresh)}`, tone: 'dim' });
  if (s.refreshing) line.push({ text: ' • refreshing…', tone: 'dim' });
  return line;
}

const TREE_KEYS = 'j/k move  Tab expand  c collapse  s system  h stopped  d diag  p py-spy  C config  / search  n/N  f failed  y copy  : cmd  ? help  q quit';

function footerLines(s: TuiState, overlayFooter?: string): [Line, Line] {
  const viewKeys = s.list ? 'j/k move  Enter open live  r refresh  Esc/:mesh back to the tree  : command  ? help  q quit' : ':mesh back to the tree  : command  ? help  q quit';
  const keys: Line = [{ text: overlayFooter ?? (s.view === 'mesh' ? TREE_KEYS : viewKeys), tone: 'label' }];
  let second: Line = [{ text: '' }];
  if (s.prompt?.kind === 'search') {
    const found = s.search && s.prompt.text ? (s.search.index ? `  match ${s.search.index} of ${s.search.matches.size}` : '  no match') : '';
    second = [{ text: '/', tone: 'accent' }, { text: s.prompt.text }, { text: '▏', tone: 'accent' }, { text: found, tone: found === '  no match' ? 'warn' : 'info' }, { text: '   Enter: keep  Esc: cancel', tone: 'dim' }];
  } else if (s.prompt) second = [{ text: ':', tone: 'accent' }, { text: s.prompt.text }, { text: '▏', tone: 'accent' }, { text: '   Enter: run  Tab: complete  Esc: cancel', tone: 'dim' }];
  else if (s.notice) second = [{ text: s.notice.text, tone: s.notice.tone }];
  else if (s.search) second = [{ text: `/${s.search.query}  ${s.search.index ? `match ${s.search.index} of ` : ''}${s.search.matches.size} matches  (n/N to step, Esc to clear)`, tone: 'dim' }];
  return [keys, second];
}

// ---------------------------------------------------------------------------------------------
// Tree pane
// ---------------------------------------------------------------------------------------------

function rowTone(r: Row): Tone {
  if (r.failed) return 'failed';
  if (r.stopped) return 'stopped';
  if (r.system) return 'system';
  if (r.kind === 'root') return 'title';
  if (r.kind === 'host') return 'host';
  if (r.kind === 'proc') return 'proc';
  if (r.kind === 'error') return 'failed';
  return 'actor';
}

interface TreeProps {
  rows: readonly Row[];
  cursor: number;
  scroll: number;
  height: number;
  width: number;
  inactive: boolean;
  matches?: ReadonlySet<string>;
  loading: ReadonlySet<string>;
}

const TreePane = memo(function TreePane({ rows, cursor, scroll, height, width, inactive, matches, loading }: TreeProps) {
  const inner = Math.max(4, width - 2);
  const shown = rows.slice(scroll, scroll + height);
  const title: Line = [{ text: 'Topology', tone: 'title' }, { text: rows.length ? `  ${formatCount(cursor + 1)}/${formatCount(rows.length)}` : '', tone: 'dim' }];
  return (
    <Box flexDirection="column" width={width} borderStyle="round" borderColor={inactive ? TONES.inactive.color : TONES.label.color} overflow="hidden">
      <Segs line={title} width={inner} />
      {shown.map((r, i) => {
        const selected = scroll + i === cursor;
        const tone: Tone = inactive ? 'inactive' : selected ? 'selected' : rowTone(r);
        let suffix = '';
        if (r.error) suffix = `  [${r.error}]`;
        else if (!r.fetched && loading.has(r.ref)) suffix = '  …';
        const text = `${rowPrefix(r, selected)}${r.label}${suffix}`;
        const line: Line = selected
          ? [{ text: fit(text, inner).padEnd(inner), tone }]
          : matches?.has(r.key) && !inactive
            ? [{ text: rowPrefix(r, false), tone }, { text: r.label, tone: 'match' }, { text: suffix, tone }]
            : [{ text, tone }];
        return <Segs key={r.key} line={line} width={inner} />;
      })}
      {rows.length === 0 ? <Segs line={[{ text: 'Waiting for the mesh root…', tone: 'info' }]} width={inner} /> : null}
    </Box>
  );
});

// ---------------------------------------------------------------------------------------------
// Details pane and overlays
// ---------------------------------------------------------------------------------------------

interface DetailsProps {
  details: Details;
  width: number;
  height: number;
  scroll: number;
}

/** Fixed lines first, then the flight recorder filling the rest, newest at the bottom. */
function detailBody(d: Details, height: number, scroll: number): { lines: Line[]; clipped: boolean } {
  const out: Line[] = [];
  const fixed = d.lines;
  if (!d.recorder) {
    return { lines: fixed.slice(0, height), clipped: fixed.length > height };
  }
  const recRoom = Math.max(3, height - fixed.length - 2);
  const fixedRoom = Math.max(0, height - recRoom - 2);
  out.push(...fixed.slice(0, fixedRoom));
  const rec = d.recorder;
  const maxScroll = Math.max(0, rec.length - recRoom);
  const off = Math.min(scroll, maxScroll);
  const end = rec.length - off;
  const start = Math.max(0, end - recRoom);
  out.push([]);
  out.push([{ text: 'Flight Recorder', tone: 'title' }, { text: `  ${rec.length} events${off ? `, ${off} newer below (J)` : ''}${start > 0 ? `, ${start} older above (K)` : ''}`, tone: 'dim' }]);
  out.push(...rec.slice(start, end));
  return { lines: out, clipped: fixed.length > fixedRoom };
}

const DetailsPane = memo(function DetailsPane({ details, width, height, scroll }: DetailsProps) {
  const inner = Math.max(4, width - 2);
  const { lines } = detailBody(details, height, scroll);
  return (
    <Box flexDirection="column" width={width} borderStyle="round" borderColor={TONES.label.color} overflow="hidden">
      <Segs line={[{ text: details.title, tone: 'title' }]} width={inner} />
      {lines.map((l, i) => (
        <Segs key={i} line={l} width={inner} />
      ))}
    </Box>
  );
});

const OverlayPane = memo(function OverlayPane({ overlay, width, height }: { overlay: Overlay; width: number; height: number }) {
  const inner = Math.max(4, width - 2);
  const v0 = useMemo(() => overlayView(overlay), [overlay]);
  const v = useMemo(() => ({ ...v0, lines: wrapLines(v0.lines, inner) }), [v0, inner]);
  const room = Math.max(1, height - (v.pinned ? 1 : 0));
  const maxScroll = Math.max(0, v.lines.length - room);
  const scroll = Math.min(overlay.scroll, maxScroll);
  const shown = v.lines.slice(scroll, scroll + room);
  return (
    <Box flexDirection="column" width={width} borderStyle="double" borderColor={TONES.accent.color} overflow="hidden">
      <Segs line={[{ text: v.title, tone: 'accent' }, { text: maxScroll > 0 ? `  ${scroll + 1}-${scroll + shown.length}/${v.lines.length}` : '', tone: 'dim' }]} width={inner} />
      {v.pinned ? <Segs line={v.pinned} width={inner} /> : null}
      {shown.map((l, i) => (
        <Segs key={i} line={l} width={inner} />
      ))}
    </Box>
  );
});

function ViewPane({ s, width }: { s: TuiState; width: number }): React.ReactElement {
  const inner = Math.max(4, width - 2);
  const title = s.view.charAt(0).toUpperCase() + s.view.slice(1);
  return (
    <Box flexDirection="column" width={width} borderStyle="round" borderColor={TONES.label.color} overflow="hidden">
      <Segs line={[{ text: title, tone: 'title' }]} width={inner} />
      {(s.viewMessage ?? []).map((m, i) => (
        <Segs key={i} line={[{ text: m, tone: i === 0 ? 'warn' : undefined }]} width={inner} />
      ))}
      <Segs line={[{ text: '' }]} width={inner} />
      <Segs line={[{ text: 'Type :mesh (or press Esc) to go back to the topology.', tone: 'dim' }]} width={inner} />
    </Box>
  );
}

// ---------------------------------------------------------------------------------------------
// The app
// ---------------------------------------------------------------------------------------------

function useDetails(ref: string | undefined, entry: CacheEntry | undefined, now: number, cache: Cache, width: number): Details {
  return useMemo(() => {
    const d = entryDetails(ref, entry, now, cache);
    return { ...d, lines: wrapLines(d.lines, Math.max(4, width - 2)) };
  }, [ref, entry, now, cache, width]);
}

export interface AppProps {
  controller: Controller;
  /** A fixed size (tests); otherwise the terminal's, following resizes. */
  size?: Size;
}

export function App({ controller, size }: AppProps): React.ReactElement {
  const s = useSyncExternalStore(controller.store.subscribe, controller.store.getState);
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
      if (stdout.isTTY) stdout.write('\x1b[2J\x1b[3J\x1b[H');
      controller.resize({ columns: stdout.columns, rows: stdout.rows });
    };
    on();
    stdout.on('resize', on);
    return () => {
      stdout.off('resize', on);
    };
  }, [controller, stdout, size]);
  useInput((input, key) => controller.key(input, key));

  const L: Layout = layout(s.size);
  const rows = selectRows(s);
  const row = rows[s.cursor];
  const entry = row ? s.cache.get(row.ref) : undefined;
  const details = useDetails(row?.ref, entry, s.now, s.cache, L.detailWidth);
  const detailHeight = L.detailViewport;
  const body = detailBody(details, detailHeight, s.detailScroll);
  const clipped = L.clipped || (!s.overlay && body.clipped);
  const overlayFooter = s.overlay ? overlayView(s.overlay).footer : undefined;
  const [keys, second] = footerLines(s, overlayFooter);
  const width = s.size.columns;

  return (
    <Box flexDirection="column" width={width} height={L.height} overflow="hidden">
      <Segs line={headerLine(s)} width={width} />
      <Segs line={statusLine(s, rows, clipped)} width={width} />
      <Box flexDirection="row" height={L.bodyHeight} overflow="hidden">
        {s.view === 'mesh' ? (
          <>
            <TreePane rows={rows} cursor={s.cursor} scroll={s.scroll} height={L.treeViewport} width={L.treeWidth} inactive={Boolean(s.overlay)} matches={s.search?.matches} loading={s.loading} />
            {s.overlay ? <OverlayPane overlay={s.overlay} width={L.detailWidth} height={detailHeight} /> : <DetailsPane details={details} width={L.detailWidth} height={detailHeight} scroll={s.detailScroll} />}
          </>
        ) : s.overlay ? (
          <OverlayPane overlay={s.overlay} width={width} height={detailHeight} />
        ) : s.list ? (
          <>
            <ListPane list={s.list} width={L.treeWidth} height={L.treeViewport} />
            <ViewDetailPane detail={s.list.detail} width={L.detailWidth} height={detailHeight} />
          </>
        ) : (
          <ViewPane s={s} width={width} />
        )}
      </Box>
      <Segs line={keys} width={width} />
      <Segs line={second} width={width} />
    </Box>
  );
}
