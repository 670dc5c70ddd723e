/**
 * The Ink components of the topology browser: header (server, uptime, started by, toggles, the
 * error line), the topology tree (about 40%, virtualised: only the rows on screen are drawn), the
 * details pane (about 60%) or the open overlay, and the footer (keys, prompts, notices). Everything
 * they show comes from the reducer's state through the controller's store.
 */
import React, { memo, useEffect, useMemo, useSyncExternalStore } from 'react';
import { Box, useInput, useStdout } from 'ink';
import type { Controller } from './controller.js';
import { entryDetails } from './details.js';
import { clean, fit, fitParts, formatClock, formatCount, formatMs, formatUptime } from './format.js';
import { footerText } from './keymap.js';
import { modeOf } from './keys.js';
import { Segs } from './segs.js';
import { failureSummary, layout, selectRows, type Layout, type Overlay, type Size, type TuiState } from './state.js';
import { TONES, wrapLine, type Line, type Seg, type Tone } from './theme.js';
import { rowPrefix, type Row } from './tree.js';
import { detailWindow, overlayWindow, type DetailWindow } from './viewport.js';
import { DetailPane as ViewDetailPane, ListPane } from './views/pane.js';
import { shownItems } from './views/model.js';

export { Segs };

// ---------------------------------------------------------------------------------------------
// Header and footer
// ---------------------------------------------------------------------------------------------

type Part = Seg & { rank: number };

/** A line of parts that drops its least important ones to fit. */
function fitted(parts: Part[], width: number): Line {
  return fitParts(parts, width).map(({ text, tone }) => (tone ? { text, tone } : { text }));
}

function headerLine(s: TuiState, width: number): Line {
  const paused = s.overlay ? ' • refresh paused' : ` • every ${formatMs(s.refreshMs)}`;
  if (s.view !== 'mesh') {
    // a list view: its own backend, not the admin server's settings
    const parts: Part[] = [{ text: `:${s.view}`, tone: 'title', rank: 0 }];
    if (s.list?.origin) parts.push({ text: ` • ${clean(s.list.origin)}`, rank: 1 });
    if (s.list) parts.push({ text: ` • ${formatCount(s.list.items.length)} items`, tone: 'dim', rank: 2 }, { text: paused, tone: 'dim', rank: 3 });
    return fitted(parts, width);
  }
  const root = s.cache.get('root')?.payload;
  const r = root && 'Root' in root.properties ? root.properties.Root : undefined;
  const parts: Part[] = [
    { text: 'mesh-admin', tone: 'title', rank: 0 },
    { text: ` • ${clean(s.url)}`, rank: 1 },
  ];
  if (r) parts.push({ text: ` • up: ${formatUptime(r.started_at, s.now)}`, rank: 4 }, { text: ` • @${clean(r.started_by)}`, rank: 5 });
  parts.push({ text: ` • sys:${s.showSystem ? 'on' : 'off'}`, tone: s.showSystem ? 'accent' : undefined, rank: 2 }, { text: ` • stopped:${s.showStopped ? 'on' : 'off'}`, tone: s.showStopped ? 'accent' : undefined, rank: 2 });
  parts.push({ text: paused, tone: 'dim', rank: 3 });
  return fitted(parts, width);
}

function listStatus(s: TuiState): Line {
  const l = s.list;
  if (!l) return [{ text: (s.viewMessage ?? [])[0] ?? '', tone: 'warn' }];
  const shown = shownItems(l).length;
  const what = l.view;
  const line: Line = [{ text: l.filter ? `${formatCount(shown)} of ${formatCount(l.items.length)} ${what} match /${clean(l.filter)}` : `${formatCount(l.items.length)} ${what}`, tone: 'dim' }];
  if (l.loading) line.push({ text: ' • loading…', tone: 'dim' });
  if (l.error) line.push({ text: ` • ERROR: ${clean(l.error)}`, tone: 'bad' });
  if (l.at) line.push({ text: ` • refreshed ${formatClock(l.at)}`, tone: 'dim' });
  return line;
}

function statusLine(s: TuiState, rows: readonly Row[], clipped: boolean): Line {
  if (s.view !== 'mesh') return listStatus(s);
  if (s.error) return [{ text: `ERROR: ${clean(s.error)}`, tone: 'bad' }];
  const line: Line = [];
  if (clipped) line.push({ text: '⚠ content hidden — resize  ', tone: 'warn' });
  if (!s.cache.get('root')?.payload) {
    line.push({ text: `Connecting to ${clean(s.url)}…`, tone: 'info' });
    return line;
  }
  const f = failureSummary(s);
  const problems: string[] = [];
  if (f.actors) problems.push(`${formatCount(f.actors)} failed actor${f.actors === 1 ? '' : 's'} in ${formatCount(f.procs)} poisoned proc${f.procs === 1 ? '' : 's'}`);
  if (f.unreachable) problems.push(`${formatCount(f.unreachable)} unreachable`);
  if (problems.length) line.push({ text: `${problems.join(' • ')} (f to step)`, tone: 'bad' }, { text: ' • ', tone: 'dim' });
  line.push({ text: `${formatCount(rows.length)} rows`, tone: 'dim' });
  if (s.lastRefresh) line.push({ text: ` • refreshed ${formatClock(s.lastRefresh)}`, tone: 'dim' });
  if (s.refreshing) line.push({ text: ' • refreshing…', tone: 'dim' });
  return line;
}

function footerLines(s: TuiState, width: number): [Line, Line] {
  const keys: Line = [{ text: footerText(modeOf(s), width), tone: 'label' }];
  let second: Line = [{ text: '' }];
  if (s.prompt?.kind === 'search') {
    const found = s.search && s.prompt.text ? (s.search.index ? `  match ${s.search.index} of ${s.search.matches.size}` : '  no match') : '';
    second = [{ text: '/', tone: 'accent' }, { text: s.prompt.text }, { text: '▏', tone: 'accent' }, { text: found, tone: found === '  no match' ? 'warn' : 'info' }];
  } else if (s.prompt?.kind === 'filter') {
    const n = shownItems(s.list).length;
    second = [{ text: '/', tone: 'accent' }, { text: s.prompt.text }, { text: '▏', tone: 'accent' }, { text: `  ${formatCount(n)} of ${formatCount(s.list?.items.length ?? 0)}`, tone: n ? 'info' : 'warn' }];
  } else if (s.prompt) second = [{ text: ':', tone: 'accent' }, { text: s.prompt.text }, { text: '▏', tone: 'accent' }];
  else if (s.notice) {
    // a message longer than the line (a copied reference) takes the keys' line too, whole
    const rows = wrapLine([{ text: s.notice.text, tone: s.notice.tone }], width, 0);
    if (rows.length > 1) return [rows[0], rows.slice(1).flat()];
    second = rows[0];
  }
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

/** `[POISONED: 2 failed]` in a narrow row: `[POISONED:2]`. */
function shortMarker(marker: string): string {
  const m = /^\[POISONED: (\d+) failed\]$/.exec(marker);
  return m ? `[POISONED:${m[1]}]` : marker;
}

const len = (t: string) => Array.from(t).length;

/**
 * A row's text in `inner` columns: prefix, name, marker, detail. The detail (counts, an error) is
 * cut first, then the name; the marker is never cut (a narrow row writes its short form).
 */
export function rowParts(r: Row, selected: boolean, inner: number): { prefix: string; name: string; marker: string; detail: string } {
  const prefix = rowPrefix(r, selected);
  const room = inner - len(prefix);
  const marker = r.marker ?? '';
  const detail = r.detail ?? '';
  const sep = (t: string) => (t ? 2 + len(t) : 0);
  if (len(r.name) + sep(marker) + sep(detail) <= room) return { prefix, name: r.name, marker: marker && `  ${marker}`, detail: detail && `  ${detail}` };
  const base = len(r.name) + sep(marker);
  if (base <= room) return { prefix, name: r.name, marker: marker && `  ${marker}`, detail: room - base >= 6 && detail ? `  ${fit(detail, room - base - 2)}` : '' };
  if (!marker) return { prefix, name: fit(r.name, room), marker: '', detail: '' };
  const m = room - len(marker) - 1 >= Math.min(len(r.name), 8) ? marker : shortMarker(marker);
  return { prefix, name: fit(r.name, Math.max(1, room - len(m) - 1)), marker: ` ${m}`, detail: '' };
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
        const p = rowParts(r, selected, inner);
        const busy = !r.fetched && !r.error && loading.has(r.ref) ? '  …' : '';
        const line: Line = selected
          ? [{ text: fit(`${p.prefix}${p.name}${p.marker}${p.detail}${busy}`, inner).padEnd(inner), tone }]
          : [
              { text: p.prefix, tone },
              { text: p.name, tone: matches?.has(r.key) && !inactive ? 'match' : tone },
              { text: p.marker, tone: inactive ? tone : 'bad' },
              { text: p.detail + busy, tone },
            ];
        return <Segs key={r.key} line={line} width={inner} />;
      })}
      {rows.length === 0 ? <Segs line={[{ text: 'Waiting for the mesh root…', tone: 'info' }]} width={inner} /> : null}
    </Box>
  );
});

// ---------------------------------------------------------------------------------------------
// Details pane and overlays
// ---------------------------------------------------------------------------------------------

const DetailsPane = memo(function DetailsPane({ view, width }: { view: DetailWindow; width: number }) {
  const inner = Math.max(4, width - 2);
  return (
    <Box flexDirection="column" width={width} borderStyle="round" borderColor={TONES.label.color} overflow="hidden">
      <Segs line={view.title} width={inner} />
      {view.lines.map((l, i) => (
        <Segs key={i} line={l} width={inner} />
      ))}
    </Box>
  );
});

const OverlayPane = memo(function OverlayPane({ overlay, width, height }: { overlay: Overlay; width: number; height: number }) {
  const inner = Math.max(4, width - 2);
  const v = useMemo(() => overlayWindow(overlay, inner, height), [overlay, inner, height]);
  return (
    <Box flexDirection="column" width={width} borderStyle="double" borderColor={TONES.accent.color} overflow="hidden">
      <Segs line={v.title} width={inner} />
      {(v.pinned ?? []).map((l, i) => (
        <Segs key={`p${i}`} line={l} width={inner} />
      ))}
      {v.lines.map((l, i) => (
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
  const detailInner = Math.max(4, L.detailWidth - 2);
  const details = useMemo(() => entryDetails(row?.ref, entry, s.now, s.cache), [row?.ref, entry, s.now, s.cache]);
  const view = useMemo(() => detailWindow(details, detailInner, L.detailViewport, s.detailScroll), [details, detailInner, L.detailViewport, s.detailScroll]);
  const detailHeight = L.detailViewport;
  const width = s.size.columns;
  const [keys, second] = footerLines(s, width);
  const wideOverlay = s.overlay && L.overlayWidth >= width;

  return (
    <Box flexDirection="column" width={width} height={L.height} overflow="hidden">
      <Segs line={headerLine(s, width)} width={width} />
      <Segs line={statusLine(s, rows, L.clipped)} width={width} />
      <Box flexDirection="row" height={L.bodyHeight} overflow="hidden">
        {s.view === 'mesh' ? (
          wideOverlay && s.overlay ? (
            <OverlayPane overlay={s.overlay} width={width} height={detailHeight} />
          ) : (
            <>
              <TreePane rows={rows} cursor={s.cursor} scroll={s.scroll} height={L.treeViewport} width={L.treeWidth} inactive={Boolean(s.overlay)} matches={s.search?.matches} loading={s.loading} />
              {s.overlay ? <OverlayPane overlay={s.overlay} width={L.detailWidth} height={detailHeight} /> : <DetailsPane view={view} width={L.detailWidth} />}
            </>
          )
        ) : s.overlay ? (
          <OverlayPane overlay={s.overlay} width={width} height={detailHeight} />
        ) : s.list ? (
          <>
            <ListPane list={s.list} width={L.treeWidth} height={L.treeViewport} />
            <ViewDetailPane detail={s.list.detail} selected={shownItems(s.list)[s.list.cursor]?.id} width={L.detailWidth} height={detailHeight} />
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
