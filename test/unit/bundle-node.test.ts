// The install builds the bundle only on a Node the bundler supports (rolldown: ^20.19 || >=22.12);
// on an older Node 20 (meshscope supports 20.18) it is skipped and the CLI runs from dist/src.
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a build script in plain JavaScript, without types
import { canBundle } from '../../scripts/bundle.mjs';

describe('the bundle at install', () => {
  it('is built on Node 20.19+, 22.12+ and later majors, and skipped on 20.18, 21 and 22.0-22.11', () => {
    const cases: Array<[string, boolean]> = [
      ['20.18.1', false],
      ['20.19.0', true],
      ['20.20.2', true],
      ['21.7.3', false],
      ['22.11.0', false],
      ['22.12.0', true],
      ['23.0.0', true],
      ['24.4.1', true],
    ];
    for (const [version, built] of cases) expect([version, (canBundle as (v: string) => boolean)(version)]).toEqual([version, built]);
  });

  it('this Node builds it', () => {
    expect((canBundle as () => boolean)()).toBe(true);
  });
});
