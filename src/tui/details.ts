/**
 * The details pane, per kind of node, as styled lines: root (hosts, started by, uptime...), host
 * (address, procs, memory), proc (actors, memory, queue depth, poisoned...), actor (status, type,
 * messages, processing time, created, last handler, failure with root cause, inbound ordering when
 * stalled, execution when active) and the actor's flight recorder, oldest first, newest last.
 * Pure: the component only decides how many lines fit.
 */
import type { ActorProperties, NodePayload } from '../backends/admin/models.js';
import { parseFlightRecorder } from '../backends/admin/payloads.js';
import { RefSet } from '../backends/admin/refs.js';
import { clean, eventSummary, formatAge, formatBytes, formatClock, formatCount, formatDurationUs, formatMs, formatUptime } from './format.js';
import { field, seg, type Line, type Tone } from './theme.js';
import { isFailedPayload, payloadParts, procRefLabel, refLabel, sortedChildren, type CacheEntry } from './tree.js';

export interface Details {
  title: string;
  /** The fixed part (fields, failure, ordering, execution); what failed and why comes first. */
  lines: Line[];
  /** How many of the first `lines` say what failed and why (kept on screen whatever the size). */
  pinned?: number;
  /** The actor's flight recorder, oldest first (scrolls; the newest is shown by default). */
  recorder?: Line[];
  /** How many events the recorder holds. */
  events?: number;
}

const MAX_PROC_CHILDREN = 50;

/** Colour of an actor status: failed red, stopped grey, running/idle/processing green, others orange. */
export function statusTone(status: string, failed: boolean): Tone {
  if (failed || status.startsWith('failed')) return 'bad';
  if (status.startsWith('stopped')) return 'stopped';
  if (/^(running|idle)\b/i.test(status) || status.includes('processing for')) return 'ok';
  return 'warn';
}

function childList(children: string[], tone: Tone, label: (ref: string) => string, limit = Infinity): Line[] {
  const out: Line[] = [];
  children.forEach((c, i) => {
    if (i < limit) out.push([seg('  '), seg(label(c), tone)]);
  });
  if (children.length > limit) out.push([seg(`  ... and ${children.length - limit} more`, 'dim')]);
  return out;
}

/** The failure block of an actor: Status, Error, Root cause, Failed at, Propagated. */
function failureLines(a: ActorProperties): Line[] {
  const f = a.failure_info!;
  const status = clean(a.actor_status);
  const error = clean(f.error_message);
  // The status repeats the error (`failed: <error>`): said once, in Error.
  const lines: Line[] = [field('Status', status === `failed: ${error}` || status === 'failed' ? 'failed' : status, 'bad')];
  lines.push(field('Error', error, 'bad'));
  const cause = f.root_cause_name ? `${clean(f.root_cause_name)} (${clean(f.root_cause_actor)})` : clean(f.root_cause_actor);
  lines.push(field('Root cause', cause, 'failed'));
  lines.push(field('Failed at', clean(f.occurred_at)));
  lines.push(field('Propagated', f.is_propagated ? 'yes' : 'no'));
  return lines;
}

function actorLines(p: NodePayload, a: ActorProperties, now: number): { lines: Line[]; pinned: number } {
  const failed = Boolean(a.failure_info);
  const lines: Line[] = failed ? failureLines(a) : [field('Status', clean(a.actor_status), statusTone(a.actor_status, false))];
  const pinned = failed ? lines.length : 0;
  if (failed) lines.push([]);
  lines.push(
    field('Instance', clean(a.instance_id)),
    field('Queue depth', formatCount(a.queue_depth), a.queue_depth > 0 ? 'warn' : undefined),
    field('Data as of', formatAge(p.as_of, now)),
    field('Type', clean(a.actor_type)),
    field('Messages', formatCount(a.messages_processed)),
    field('Processing time', formatDurationUs(a.total_processing_time_us)),
    field('Created', a.created_at ? clean(a.created_at) : '-'),
    field('Last handler', a.last_message_handler ? clean(a.last_message_handler) : '-'),
    field('Children', String(p.children.length)),
  );
  if (a.is_system) lines.push(field('System', 'yes', 'system'));
  const ord = a.inbound_ordering;
  if (ord && ord.enabled) {
    const stalled = ord.sessions.filter((s) => s.buffered_count > 0);
    if (stalled.length > 0 || !ord.snapshot_complete) {
      lines.push([]);
      lines.push([seg('Inbound ordering', 'title'), seg(stalled.length ? '  stalled' : '  snapshot incomplete', 'warn')]);
      lines.push([
        seg(
          `  ${ord.known_session_count} sessions, ${ord.returned_buffered_session_count} buffering ${ord.returned_buffered_message_count} messages (max ${ord.returned_max_buffered_count})${ord.skipped_session_count ? `, ${ord.skipped_session_count} skipped` : ''}`,
          'plain',
        ),
      ]);
      lines.push([seg(`  ${'session'.padEnd(10)}${'released'.padStart(10)}${'expected'.padStart(10)}${'buffered'.padStart(10)}  seqs       sender`, 'label')]);
      for (const s of ord.sessions) {
        const seqs = s.oldest_buffered_seq !== null && s.oldest_buffered_seq !== undefined ? `${s.oldest_buffered_seq}..${s.newest_buffered_seq ?? '?'}` : '-';
        lines.push([
          seg(`  ${clean(s.session_id).slice(0, 8).padEnd(10)}${String(s.last_released_seq).padStart(10)}${String(s.expected_next_seq).padStart(10)}`),
          seg(String(s.buffered_count).padStart(10), s.buffered_count > 0 ? 'warn' : undefined),
          seg(`  ${seqs.padEnd(11)}${s.sender ? refLabel(s.sender) : '-'}`),
        ]);
      }
    }
  }
  const ex = a.execution;
  if (ex && ex.active_count > 0) {
    lines.push([]);
    lines.push([seg('Execution', 'title'), seg(`  ${ex.active_count} active${ex.truncated ? ' (truncated)' : ''}${ex.complete ? '' : ' (incomplete)'}`, 'info')]);
    for (const h of ex.active_handlers) {
      const since = Date.parse(h.oldest_since);
      const age = Number.isNaN(since) ? '' : ` for ${formatMs(now - since)}`;
      lines.push([seg(`  ${clean(h.name)}`, 'plain'), seg(` ×${h.active_count}`, 'dim'), seg(` since ${formatClock(h.oldest_since)}${age}`, 'label')]);
    }
  }
  return { lines, pinned };
}

/** The flight recorder of an actor: `{level initial} {HH:MM:SS} {summary}`, oldest first. */
export function recorderLines(a: ActorProperties): Line[] {
  const events = parseFlightRecorder(a.flight_recorder);
  if (!events.length) return [[seg('No events', 'label')]];
  return events.map((e) => {
    const level = typeof e.level === 'string' ? e.level : '?';
    const tone: Tone = level === 'ERROR' ? 'bad' : level === 'WARN' ? 'warn' : level === 'INFO' ? 'ok' : level === 'DEBUG' ? 'info' : 'label';
    return [seg(`${clean(level.charAt(0) || '?')} `, tone), seg(`${formatClock(String(e.timestamp))} `, 'label'), seg(eventSummary(e))];
  });
}

/** A child's name as the tree shows it: from its payload once fetched, else from its reference. */
function childName(ref: string, kind: 'host' | 'proc', cache?: ReadonlyMap<string, CacheEntry>): string {
  const p = cache?.get(ref)?.payload;
  if (p) return payloadParts(p).name;
  return kind === 'proc' ? procRefLabel(ref) : refLabel(ref);
}

/** The details of a fetched node. */
export function nodeDetails(p: NodePayload, now: number, cache?: ReadonlyMap<string, CacheEntry>): Details {
  const props = p.properties;
  if ('Root' in props) {
    const r = props.Root;
    return {
      title: 'Mesh root',
      lines: [
        field('Hosts', String(r.num_hosts)),
        field('Started by', clean(r.started_by)),
        field('Uptime', formatUptime(r.started_at, now)),
        field('Started at', `${formatClock(r.started_at)}  (${clean(r.started_at)})`),
        field('Data as of', formatAge(p.as_of, now)),
        [],
        ...childList(sortedChildren(p), 'host', (c) => childName(c, 'host', cache)),
      ],
    };
  }
  if ('Host' in props) {
    const h = props.Host;
    return {
      title: 'Host',
      lines: [
        field('Address', clean(h.addr)),
        field('Procs', String(h.num_procs)),
        field('RSS', formatBytes(h.memory.process_rss_bytes)),
        field('VM size', formatBytes(h.memory.process_vm_size_bytes)),
        field('Data as of', formatAge(p.as_of, now)),
        [],
        ...childList(sortedChildren(p), 'proc', (c) => childName(c, 'proc', cache)),
      ],
    };
  }
  if ('Proc' in props) {
    const pr = props.Proc;
    const d = pr.debug;
    const age = d.last_nonzero_queue_depth_age_ms;
    const lines: Line[] = [];
    if (pr.is_poisoned) {
      lines.push(field('Poisoned', 'yes', 'bad'));
      lines.push(field('Failed actors', String(pr.failed_actor_count), 'bad'));
    }
    const pinned = lines.length;
    lines.push(
      field('Name', clean(pr.proc_name)),
      field('Actors', `${pr.num_actors} live, ${pr.system_children.length} system, ${pr.stopped_children.length} stopped${pr.stopped_retention_cap && pr.stopped_children.length >= pr.stopped_retention_cap ? ' (max retained)' : ''}`),
      field('RSS', formatBytes(d.memory.process_rss_bytes)),
      field('VM size', formatBytes(d.memory.process_vm_size_bytes)),
      field('Queue depth', `${d.actor_work_queue_depth_total}/${d.actor_work_queue_depth_max} (total/max)`, d.actor_work_queue_depth_total > 0 ? 'warn' : undefined),
      field('Peak depth', String(d.actor_work_queue_depth_high_water_mark)),
      field('Last busy', age === null || age === undefined ? 'never' : age === 0 ? 'now' : `${formatMs(age)} ago`),
      field('Data as of', formatAge(p.as_of, now)),
    );
    lines.push([]);
    const stopped = new RefSet(pr.stopped_children);
    const sys = new RefSet(pr.system_children);
    const children = sortedChildren(p);
    const tone = (c: string): Tone => {
      const cp = cache?.get(c)?.payload;
      if (cp && isFailedPayload(cp)) return 'failed';
      return stopped.has(c) ? 'stopped' : sys.has(c) ? 'system' : 'actor';
    };
    for (const c of children.slice(0, MAX_PROC_CHILDREN)) lines.push([seg('  '), seg(cache?.get(c)?.payload ? payloadParts(cache.get(c)!.payload!).name : refLabel(c), tone(c))]);
    if (children.length > MAX_PROC_CHILDREN) lines.push([seg(`  ... and ${children.length - MAX_PROC_CHILDREN} more`, 'dim')]);
    return { title: 'Proc', lines, pinned };
  }
  if ('Actor' in props) {
    const a = props.Actor;
    const { lines, pinned } = actorLines(p, a, now);
    return { title: a.is_system ? 'Actor (system)' : 'Actor', lines, pinned, recorder: recorderLines(a), events: parseFlightRecorder(a.flight_recorder).length };
  }
  const e = props.Error;
  return { title: 'Error', lines: [[seg(`Error: ${clean(e.code)} — ${clean(e.message)}`, 'bad')]] };
}

/** The details pane for whatever is selected: a payload, a fetch in flight, or a fetch error. */
export function entryDetails(ref: string | undefined, entry: CacheEntry | undefined, now: number, cache?: ReadonlyMap<string, CacheEntry>): Details {
  if (!ref) return { title: 'Details', lines: [[seg('Select a node to view details', 'info')]] };
  if (entry?.payload) {
    const d = nodeDetails(entry.payload, now, cache);
    if (entry.error) {
      d.lines.unshift([seg(`Refresh failed: ${clean(entry.error)} (showing the last answer)`, 'warn')], []);
      d.pinned = (d.pinned ?? 0) + 2;
    }
    return d;
  }
  if (entry?.error) return { title: 'Details', lines: [[seg(`Fetch failed: ${clean(entry.error)}`, 'bad')], [], [seg(clean(ref), 'dim')], [], [seg('Tab fetches it again.', 'dim')]], pinned: 1 };
  return { title: 'Details', lines: [[seg('Loading…', 'info')], [], [seg(clean(ref), 'dim')]] };
}
