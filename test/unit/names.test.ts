/** Reading back what `-o name` prints: `kind/ID`, `kinds/ID` and `ID` all name one thing. */
import { describe, expect, it } from 'vitest';
import { nameArg } from '../../src/app/names.js';
import { MeshError } from '../../src/errors.js';

function usage(fn: () => unknown): MeshError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(MeshError);
    expect((e as MeshError).exitCode).toBe(2);
    return e as MeshError;
  }
  throw new Error('expected a usage error');
}

describe('nameArg', () => {
  it('takes off the kind, its plural and any case of it; a bare ID passes', () => {
    expect(nameArg('job/abc-1', 'job')).toBe('abc-1');
    expect(nameArg('jobs/abc-1', 'job')).toBe('abc-1');
    expect(nameArg('Job/abc-1', 'job')).toBe('abc-1');
    expect(nameArg('abc-1', 'job')).toBe('abc-1');
    expect(nameArg('memories/m1', 'memory')).toBe('m1');
    expect(nameArg('human/req-1', 'human')).toBe('req-1');
    expect(nameArg('node/mirror_neuron@10.0.0.11', 'node')).toBe('mirror_neuron@10.0.0.11');
  });

  it('only the first prefix: the rest is the ID, slashes and all', () => {
    expect(nameArg('model/ai/smollm2', 'model')).toBe('ai/smollm2');
    expect(nameArg('ai/smollm2', 'model')).toBe('ai/smollm2');
    expect(nameArg('tool/memory/search', 'tool')).toBe('memory/search');
  });

  it('another kind is a usage error that names the kind expected', () => {
    const e = usage(() => nameArg('envelope/9df2', 'job'));
    expect(e.message).toBe('"envelope/9df2" names an envelope, not a job');
    expect(e.hint).toContain('job/ID');
    expect(usage(() => nameArg('jobs/x', 'agent')).message).toBe('"jobs/x" names a job, not an agent');
    expect(usage(() => nameArg('job/', 'job')).message).toBe('"job/" names no job');
  });

  it('paths: only `kind/` as -o name prints it comes off; nothing is refused', () => {
    expect(nameArg('artifact/outputs/data.csv', 'artifact', { path: true })).toBe('outputs/data.csv');
    expect(nameArg('outputs/data.csv', 'artifact', { path: true })).toBe('outputs/data.csv');
    expect(nameArg('job/x.txt', 'artifact', { path: true })).toBe('job/x.txt');
    expect(nameArg('artifact/', 'artifact', { path: true })).toBe('artifact/');
  });
});
