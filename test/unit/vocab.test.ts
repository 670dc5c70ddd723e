/**
 * The words the client and the mock share are written once, in src/vocab: the terminal statuses of
 * mn jobs and asya envelopes are not spelled out again anywhere else in src/ or commands/, and the
 * client's and the mock's readings of them are the same functions.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as asyaModels from '../../src/backends/asya/models.js';
import { JobStatus } from '../../src/backends/mn/models.js';
import { isTerminal as mnIsTerminal } from '../../src/backends/mn/monitor.js';
import * as asyaVocab from '../../src/vocab/asya.js';
import { isTerminalJobStatus, JOB_STATUSES, TERMINAL_JOB_STATUSES } from '../../src/vocab/mn.js';
import { ROOT } from '../helpers.js';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? sources(join(dir, d.name)) : /\.tsx?$/.test(d.name) ? [join(dir, d.name)] : []));
}

/** Array (or Set) literals that list the terminal statuses of a job or an envelope. */
function terminalLists(text: string): string[] {
  const lists = text.match(/\[[^\][]*\]/g) ?? [];
  return lists.filter((l) => {
    const has = (w: string) => l.includes(`'${w}'`) || l.includes(`"${w}"`);
    return (has('completed') && has('failed') && (has('cancelled') || has('canceled'))) || (has('succeeded') && has('failed') && has('canceled'));
  });
}

describe('one vocabulary', () => {
  it('no source outside src/vocab lists the terminal statuses again', () => {
    const files = [...sources(join(ROOT, 'src')), ...sources(join(ROOT, 'commands'))].filter((f) => !f.includes(`${join(ROOT, 'src', 'vocab')}`));
    const found = files.flatMap((f) => terminalLists(readFileSync(f, 'utf8')).map((l) => `${relative(ROOT, f)}: ${l}`));
    expect(found).toEqual([]);
  });

  it('the scan finds such a list', () => {
    expect(terminalLists("const T = new Set(['completed', 'failed', 'cancelled', 'canceled']);")).toHaveLength(1);
    expect(terminalLists("if (['succeeded', 'failed', 'canceled'].includes(s))")).toHaveLength(1);
    expect(terminalLists("const ok = ['completed', 'running'];")).toHaveLength(0);
  });

  it('mn: the client model, the monitor and the mock read job statuses from the one list', () => {
    expect(JobStatus.options).toEqual([...JOB_STATUSES]);
    for (const s of ['completed', 'failed', 'cancelled', 'canceled']) {
      expect(isTerminalJobStatus(s)).toBe(true);
      expect(mnIsTerminal(s)).toBe(true);
    }
    for (const s of ['pending', 'validated', 'scheduled', 'running', 'pausing', 'paused', 'cancelling', undefined, null, '']) expect(mnIsTerminal(s)).toBe(false);
    expect([...TERMINAL_JOB_STATUSES].filter((s) => s !== 'canceled').every((s) => (JOB_STATUSES as readonly string[]).includes(s))).toBe(true);
  });

  it('asya: the client re-exports the status model of src/vocab, not a copy', () => {
    expect(asyaModels.isTerminal).toBe(asyaVocab.isTerminal);
    expect(asyaModels.canTransition).toBe(asyaVocab.canTransition);
    expect(asyaModels.TERMINAL_STATUSES).toBe(asyaVocab.TERMINAL_STATUSES);
  });
});
