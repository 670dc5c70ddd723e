/**
 * The list views in the browser's reducer, without Ink: switching views, rows arriving, the
 * selection kept by id across refreshes, j/k clamped at the ends, the live detail of the opened
 * item (results of an older run dropped), and going back to the mesh clearing the view.
 */
import { describe, expect, it } from 'vitest';
import { initialState, reduce, type Action, type TuiState } from '../../src/tui/state.js';
import { reduceList, selectedItem, statusTone, type ListAction, type ViewItem } from '../../src/tui/views/model.js';

const T0 = Date.parse('2026-06-01T12:00:00.000Z');
const item = (id: string, status: string): ViewItem => ({ id, status, cells: [id, status] });
const L = (action: ListAction): Action => ({ type: 'list', action });
const run = (s: TuiState, ...actions: Action[]) => actions.reduce(reduce, s);

function jobsView(): TuiState {
  return run(
    initialState({ url: 'http://mesh.test:1729', now: T0 }),
    { type: 'setView', view: 'jobs' },
    L({ type: 'start', view: 'jobs', columns: ['JOB', 'STATUS'] }),
    L({ type: 'items', view: 'jobs', items: [item('a', 'running'), item('b', 'completed'), item('c', 'failed')], at: T0 }),
  );
}

describe('list views in the reducer', () => {
  it('switches to a view, fills its rows and selects the first', () => {
    const s = jobsView();
    expect(s.view).toBe('jobs');
    expect(s.viewMessage).toBeUndefined();
    expect(s.list?.view).toBe('jobs');
    expect(s.list?.loading).toBe(false);
    expect(s.list?.items.map((i) => i.id)).toEqual(['a', 'b', 'c']);
    expect(selectedItem(s.list)?.id).toBe('a');
  });

  it('moves with j/k and stops at the ends', () => {
    let s = run(jobsView(), L({ type: 'move', delta: 1 }));
    expect(selectedItem(s.list)?.id).toBe('b');
    s = run(s, L({ type: 'move', delta: 5 }));
    expect(selectedItem(s.list)?.id).toBe('c');
    s = run(s, L({ type: 'move', delta: -9 }));
    expect(selectedItem(s.list)?.id).toBe('a');
  });

  it('keeps the selected item by id when a refresh reorders the rows, and stays in range when it is gone', () => {
    let s = run(jobsView(), L({ type: 'move', delta: 1 }));
    s = run(s, L({ type: 'items', view: 'jobs', items: [item('d', 'running'), item('c', 'failed'), item('b', 'completed')], at: T0 + 1 }));
    expect(selectedItem(s.list)?.id).toBe('b');
    expect(s.list?.cursor).toBe(2);
    s = run(s, L({ type: 'items', view: 'jobs', items: [item('d', 'running')], at: T0 + 2 }));
    expect(selectedItem(s.list)?.id).toBe('d');
  });

  it('keeps the last rows and shows the error when a refresh fails; ignores rows of another view', () => {
    let s = run(jobsView(), L({ type: 'failed', view: 'jobs', error: 'connection refused', at: T0 + 1 }));
    expect(s.list?.error).toBe('connection refused');
    expect(s.list?.items).toHaveLength(3);
    s = run(s, L({ type: 'items', view: 'agents', items: [item('x', 'deployed')], at: T0 + 2 }));
    expect(s.list?.items.map((i) => i.id)).toEqual(['a', 'b', 'c']);
    s = run(s, L({ type: 'items', view: 'jobs', items: [item('a', 'completed')], at: T0 + 3 }));
    expect(s.list?.error).toBeUndefined();
  });

  it('opens a live detail and drops updates of an older run or another item', () => {
    let s = run(jobsView(), L({ type: 'open', runId: 1, detail: { kind: 'lines', id: 'a', title: 'a', lines: [], live: true } }));
    s = run(s, L({ type: 'detail', runId: 1, detail: { kind: 'lines', id: 'a', title: 'a', lines: [[{ text: 'token' }]], live: true } }));
    expect(s.list?.detail?.kind === 'lines' && s.list.detail.lines).toEqual([[{ text: 'token' }]]);
    s = run(s, L({ type: 'open', runId: 2, detail: { kind: 'lines', id: 'b', title: 'b', lines: [], live: true } }));
    const before = s;
    s = run(s, L({ type: 'detail', runId: 1, detail: { kind: 'lines', id: 'a', title: 'a', lines: [[{ text: 'late' }]], live: false } }));
    expect(s).toBe(before);
    expect(s.list?.detail?.id).toBe('b');
  });

  it('a second start of the same view keeps its rows; another view starts empty', () => {
    const s = jobsView();
    expect(reduceList(s.list, { type: 'start', view: 'jobs', columns: [] })).toBe(s.list);
    const other = reduceList(s.list, { type: 'start', view: 'agents', columns: ['AGENT'] });
    expect(other?.view).toBe('agents');
    expect(other?.items).toEqual([]);
    expect(other?.loading).toBe(true);
  });

  it('going back to the mesh (Esc or :mesh) or to another view clears the list; the same view keeps it', () => {
    const s = jobsView();
    expect(run(s, { type: 'setView', view: 'jobs' }).list).toBe(s.list);
    const mesh = run(s, { type: 'setView', view: 'mesh' });
    expect(mesh.view).toBe('mesh');
    expect(mesh.list).toBeUndefined();
    expect(run(s, { type: 'setView', view: 'agents', message: ['no agents entry'] }).list).toBeUndefined();
    // No list: list actions other than start change nothing.
    expect(run(mesh, L({ type: 'move', delta: 1 }))).toBe(mesh);
  });

  it('colours statuses', () => {
    expect(statusTone('completed')).toBe('ok');
    expect(statusTone('succeeded')).toBe('ok');
    expect(statusTone('failed')).toBe('bad');
    expect(statusTone('running')).toBe('info');
    expect(statusTone('pending')).toBe('warn');
  });
});

describe('which list views `meshscope tui` gets', () => {
  it('a view whose endpoint is not configured gets no source (it keeps saying which context entry is missing)', async () => {
    const { viewSources, viewMessage } = await import('../../src/tui/run.js');
    const { HttpClient } = await import('../../src/http/client.js');
    const asked: string[] = [];
    const session = {
      io: { env: {} },
      client: async (name: string) => {
        asked.push(name);
        return new HttpClient({ backend: name, url: 'http://127.0.0.1:9' } as ConstructorParameters<typeof HttpClient>[0], { timeoutMs: 100 });
      },
    } as unknown as Parameters<typeof viewSources>[0];
    const ep = (url: string, source: string) => ({ url, source });
    const res = {
      contextName: 'dev',
      endpoints: { admin: ep('https://a:1729', 'context'), mn: ep('http://localhost:54001/api/v1', 'default'), asya: ep('http://asya:8080', 'context'), asyaInternal: ep('http://asya:8081', 'context'), astromesh: ep('http://astro:8000', 'flag'), grid: ep('https://g', 'default') },
    } as unknown as Parameters<typeof viewMessage>[1];
    const views = await viewSources(session, res as Parameters<typeof viewSources>[1]);
    expect(Object.keys(views).sort()).toEqual(['agents', 'envelopes']);
    expect(asked).not.toContain('mn');
    expect(viewMessage('jobs', res).join(' ')).toContain('context "dev" has no `mn` entry');

    const none = await viewSources(session, { endpoints: { ...(res.endpoints as object), asya: ep('x', 'default'), astromesh: ep('y', 'default') } } as unknown as Parameters<typeof viewSources>[1]);
    expect(none).toEqual({});
  });
});
