/**
 * Text at 80x24 (and wider): the footer keeps its last keys, config values and words are never
 * broken in the middle, the diagnostics title is whole, and `:jobs` stays inside its borders with
 * columns that do not collide. Text wraps at word boundaries or is cut with `…`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { lineText, wrapLine } from '../../src/tui/theme.js';
import type { ViewSource } from '../../src/tui/views/sources.js';
import { closeScreens, openScreen, revealNode, SIZES, worldFrom } from './tui-screen.js';

afterEach(closeScreens);

const NCCL = 'handler `train_step` raised: RuntimeError: NCCL communicator was aborted on rank 3';

function world() {
  return worldFrom({ hosts: 2, procs_per_host: 2, actors_per_proc: 3, failures: [{ host: 0, proc: 0, actor: 1, message: NCCL }] });
}

const SMALL = { columns: 80, rows: 24 };

/** Words of `words` that the details pane (the right pane) split across two rows. */
function brokenWords(frame: string, words: string[]): string[] {
  const pane = frame.split('\n').map((l) => {
    const parts = l.split(/[│║]/);
    return (parts.length >= 3 ? parts[parts.length - 2] : '').trim();
  });
  const out: string[] = [];
  for (let i = 0; i + 1 < pane.length; i++) {
    for (const w of words) {
      for (let k = 1; k < w.length; k++) {
        if (pane[i].endsWith(w.slice(0, k)) && pane[i + 1].startsWith(w.slice(k))) out.push(`${w}: "${pane[i]}" / "${pane[i + 1]}"`);
      }
    }
  }
  return out;
}

describe('80x24 (item 7)', () => {
  it('the footer keeps search, failed, copy, command, help and quit', async () => {
    const s = await openScreen(world(), SMALL);
    const lines = s.lines();
    const footer = lines[lines.length - 2];
    for (const k of ['/ search', 'f failed', 'y copy', '? help', 'q quit']) expect(footer).toContain(k);
    expect(footer).not.toContain('…');
    for (const l of lines) expect(Array.from(l).length).toBeLessThanOrEqual(80);
  });

  it('config values are never broken in the middle of a number', async () => {
    const w = world();
    const s = await openScreen(w, SMALL);
    await revealNode(s, ['root', w.hosts[0].ref, w.hosts[0].procs[2].ref]);
    await s.press('C');
    const f = await s.until((x) => x.includes('codec_max_frame_length'), 'the config');
    expect(f).toMatch(/\b1048576\b/);
    expect(f).toMatch(/\b5s\b/);
  });

  it('the diagnostics title is whole', async () => {
    const s = await openScreen(world(), SMALL, {
      diagnose: async (onCheck) => {
        onCheck({ label: 'root', reference: 'root', note: 'AdminServer', phase: 'AdminInfra', outcome: { Pass: { elapsed_ms: 3 } } });
        onCheck({ label: 'tcp:10.0.0.1:26600', reference: 'host:x', note: 'HostAgent', phase: 'AdminInfra', outcome: { Pass: { elapsed_ms: 4 } } });
      },
    });
    await s.press('d');
    const f = await s.until((x) => x.includes('Completed'), 'diagnostics done');
    const title = f.split('\n').find((l) => l.includes('Diagnostics'))!;
    expect(title).toMatch(/Diagnostics • Completed at \d\d:\d\d:\d\d/);
    expect(title).not.toContain('…');
  });

  it(':jobs stays inside its borders and its columns do not collide', async () => {
    const items = Array.from({ length: 6 }, (_, i) => {
      const id = `job-20261205-141942-train-llama-70b-${String(i).padStart(4, '0')}`;
      const status = ['running', 'completed', 'failed'][i % 3];
      return { id, status, cells: [id, `fine-tune llama 70b on shard ${i}`, status, `2026-12-05T14:19:${String(10 + i)}Z`] };
    });
    const jobs: ViewSource = { columns: ['JOB', 'NAME', 'STATUS', 'SUBMITTED'], list: async () => items, follow: async () => {} };
    const s = await openScreen(world(), SMALL, { views: { jobs } });
    await s.press(':', 'j', 'o', 'b', 's', '\r');
    const f = await s.until((x) => x.includes('STATUS') && x.includes('0005'), 'the jobs', 5000);
    for (const l of f.split('\n')) expect(Array.from(l).length, l).toBeLessThanOrEqual(80);
    const header = f.split('\n').find((l) => l.includes('STATUS'))!;
    expect(header).toMatch(/JOB\b.* STATUS\b/);
    for (const it of items) {
      const row = f.split('\n').find((l) => l.includes(it.id.slice(-4)))!;
      expect(row, it.id).toBeDefined();
      // the status is a whole word of its own, and the row ends at the pane's border
      expect(row).toMatch(new RegExp(`\\s${it.status}(\\s|│|$)`));
      expect(row.trimEnd()).toMatch(/│$/);
    }
  });
});

describe('words are never cut in the middle (item 7)', () => {
  for (const size of SIZES) {
    it(`${size.columns}x${size.rows}: a failed actor’s error`, async () => {
      const w = world();
      const a = w.select({ host: 0, proc: 0, actor: 1 });
      const s = await openScreen(w, size);
      await revealNode(s, ['root', w.hosts[0].ref, a.kind === 'actor' ? a.proc.ref : '', a.ref]);
      const f = await s.until((x) => x.includes('Error:'), 'the failure');
      expect(brokenWords(f, NCCL.split(' '))).toEqual([]);
    });
  }

  it('wrapLine breaks at spaces, keeps numbers whole, and cuts a word longer than the line', () => {
    const rows = wrapLine([{ text: 'Started at:       ', tone: 'label' }, { text: '13:17:39  (2026-12-05T13:17:39.121Z)' }], 40).map(lineText);
    expect(rows).toEqual(['Started at:       13:17:39', '  (2026-12-05T13:17:39.121Z)']);
    expect(wrapLine([{ text: 'abc 1048576' }], 8).map(lineText)).toEqual(['abc', '1048576']);
    for (const r of wrapLine([{ text: 'x'.repeat(30) }], 10).map(lineText)) expect(Array.from(r).length).toBeLessThanOrEqual(10);
  });
});
