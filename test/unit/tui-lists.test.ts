/**
 * The list views (`:jobs :envelopes :agents`) as k9s users expect them: the detail follows the
 * selection, `/` filters the rows, the status line speaks of the list (not of the tree), the tree
 * stops polling while a list is shown, and rows whose names are cut still tell themselves apart.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ViewSource } from '../../src/tui/views/sources.js';
import type { ViewItem } from '../../src/tui/views/model.js';
import { closeScreens, KEY, openScreen, worldFrom } from './tui-screen.js';

afterEach(closeScreens);

const world = () => worldFrom({ hosts: 2, procs_per_host: 1, actors_per_proc: 2 });

function source(items: ViewItem[]): ViewSource & { followed: string[] } {
  const followed: string[] = [];
  return {
    followed,
    columns: ['AGENT', 'STATUS', 'RUNS'],
    list: async () => items,
    follow: async (id, emit) => {
      followed.push(id);
      emit({ kind: 'lines', id, title: `Agent ${id}`, lines: [[{ text: `traces of ${id}` }]], live: false });
    },
  };
}

const agents: ViewItem[] = ['alpha', 'beta', 'gamma', 'delta', 'betamax'].map((n, i) => ({ id: n, status: 'deployed', cells: [n, 'deployed', String(i)] }));

async function openAgents(items = agents, size = { columns: 120, rows: 30 }) {
  const src = source(items);
  const s = await openScreen(world(), size, { views: { agents: src } });
  await s.press(':', 'a', 'g', 'e', 'n', 't', 's', KEY.enter);
  await s.until((x) => x.includes('Agents') && s.c.state.list?.items.length === items.length, 'the agents');
  return { s, src };
}

describe('list views (item 8)', () => {
  it('the detail pane follows the selection on j/k', async () => {
    const { s } = await openAgents();
    await s.press(KEY.enter);
    await s.until((x) => x.includes('traces of alpha'), 'alpha’s detail');
    await s.press('j');
    const f = await s.until((x) => x.includes('traces of beta'), 'beta’s detail', 5000);
    expect(f).not.toContain('traces of alpha');
    await s.press('k');
    await s.until((x) => x.includes('traces of alpha'), 'alpha’s detail again', 5000);
  });

  it('/ filters the rows; Esc clears the filter', async () => {
    const { s } = await openAgents();
    await s.press('/', 'b', 'e', 't', 'a');
    let f = await s.until((x) => !x.includes('gamma'), 'the filtered rows', 5000);
    expect(f).toContain('beta');
    expect(f).toContain('betamax');
    expect(f).not.toContain('alpha');
    await s.press(KEY.enter);
    expect(s.frame()).not.toContain('gamma');
    // j/k move among the rows that match
    await s.press('j', KEY.enter);
    await s.until((x) => x.includes('traces of betamax'), 'betamax’s detail', 5000);
    await s.press(KEY.esc);
    f = await s.until((x) => x.includes('gamma'), 'every row again', 5000);
    expect(f).toContain('alpha');
  });

  it('the status line speaks of the list, and the tree does not poll behind it', async () => {
    const { s } = await openAgents();
    const status = s.lines()[1];
    expect(status).not.toMatch(/\brows\b/);
    expect(status).not.toContain('failed shown');
    expect(status).toMatch(/5 agents|5 items/);
    const calls = s.admin.calls.length;
    // what the refresh timer runs
    await s.c.refresh();
    expect(s.admin.calls.length).toBe(calls);
    // back on the tree, it refreshes again
    await s.press(KEY.esc);
    await s.c.refresh();
    expect(s.admin.calls.length).toBeGreaterThan(calls);
  });

  it('two rows whose names are cut still look different', async () => {
    const long = ['a', 'b', 'c'].map((x) => `job-20261205-141942-train-llama-70b-checkpoint-resume-${x}`);
    const { s } = await openAgents(
      long.map((id) => ({ id, status: 'running', cells: [id, 'running', '1'] })),
      { columns: 80, rows: 24 },
    );
    const rows = s.lines().filter((l) => (l.split('│')[1] ?? '').includes('job-2026'));
    expect(rows).toHaveLength(3);
    const names = rows.map((l) => l.split('│')[1].replace('›', ' ').trim().split(/\s{2,}/)[0]);
    expect(new Set(names).size, names.join('\n')).toBe(3);
  });
});
