/**
 * `pprof top` against `go tool pprof -top` itself on random profiles: inlined calls, locations
 * without lines, functions without names, several binaries, samples without a stack, zero values,
 * every sort, node count, node fraction and sample index. The two outputs must be the same text.
 * Skipped (with a message) where go is not installed.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { Function as PFunction, Line, Location, Mapping, Profile, Sample, StringTable, ValueType } from 'pprof-format';
import { describe, expect, it } from 'vitest';
import { decodeProfile, renderTop, topReport } from '../../src/profiling/pprof.js';
import { tmp } from '../helpers.js';

const GO = spawnSync('go', ['version'], { encoding: 'utf8' }).status === 0;
if (!GO) console.warn('go is not installed: skipping the property test of `pprof top` against `go tool pprof -top`');

interface Spec {
  types: Array<[string, string]>;
  functions: Array<{ name: string; startLine: number }>;
  mappings: string[];
  locations: Array<{ mapping: number; lines: number[] }>;
  samples: Array<{ locs: number[]; values: number[] }>;
  duration: boolean;
  comment: string;
}

const fname = fc.oneof(
  fc.constantFrom('main.main', 'runtime.mallocgc', 'net/http.(*conn).serve', 'sync.(*Mutex).Lock', 'a', 'b', 'B', 'é', '', ''),
  fc.stringMatching(/^[a-z][a-z.]{0,8}$/),
);
// (no 'seconds': go's int64 nanoseconds overflow on totals of billions of seconds)
const unit = fc.constantFrom('count', 'nanoseconds', 'bytes', 'milliseconds', 'microseconds', 'widgets');
const value = fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 5_000_000_000 }), fc.constant(0), fc.integer({ min: 0, max: 2_000 }));

const spec: fc.Arbitrary<Spec> = fc
  .record({
    types: fc.uniqueArray(fc.tuple(fc.stringMatching(/^[a-z]{1,8}$/), unit), { minLength: 1, maxLength: 3, selector: (t) => t[0] }),
    functions: fc.array(fc.record({ name: fname, startLine: fc.constantFrom(0, 0, 7) }), { minLength: 1, maxLength: 12 }),
    mappings: fc.array(fc.constantFrom('/srv/app/gridd', '/usr/lib/libc.so.6', '[vdso]', ''), { maxLength: 2 }),
    nLocations: fc.integer({ min: 1, max: 14 }),
    duration: fc.boolean(),
    comment: fc.constantFrom('', 'a comment', '#hidden'),
  })
  .chain(({ types, functions, mappings, nLocations, duration, comment }) =>
    fc.record({
      types: fc.constant(types),
      functions: fc.constant(functions),
      mappings: fc.constant(mappings),
      duration: fc.constant(duration),
      comment: fc.constant(comment),
      locations: fc.array(
        fc.record({
          mapping: fc.integer({ min: 0, max: mappings.length }),
          // mostly one line, sometimes inlined calls, sometimes none (an address without symbols)
          lines: fc.oneof({ weight: 5, arbitrary: fc.array(fc.nat({ max: functions.length - 1 }), { minLength: 1, maxLength: 1 }) }, { weight: 2, arbitrary: fc.array(fc.nat({ max: functions.length - 1 }), { minLength: 2, maxLength: 3 }) }, { weight: 1, arbitrary: fc.constant([]) }),
        }),
        { minLength: nLocations, maxLength: nLocations },
      ),
      samples: fc.array(
        fc.record({
          locs: fc.oneof({ weight: 8, arbitrary: fc.array(fc.nat({ max: nLocations - 1 }), { minLength: 1, maxLength: 8 }) }, { weight: 1, arbitrary: fc.constant([]) }),
          values: fc.array(value, { minLength: types.length, maxLength: types.length }),
        }),
        { minLength: 1, maxLength: 40 },
      ),
    }),
  );

function build(s: Spec): Profile {
  const strings = new StringTable();
  return new Profile({
    sampleType: s.types.map(([type, u]) => new ValueType({ type: strings.dedup(type), unit: strings.dedup(u) })),
    mapping: s.mappings.map((file, i) => new Mapping({ id: i + 1, memoryStart: 0x400000 * (i + 1), memoryLimit: 0x400000 * (i + 2), filename: strings.dedup(file), hasFunctions: true })),
    function: s.functions.map((f, i) => new PFunction({ id: i + 1, name: strings.dedup(f.name), systemName: strings.dedup(f.name), filename: strings.dedup('main.go'), startLine: f.startLine })),
    location: s.locations.map((l, i) => new Location({ id: i + 1, mappingId: l.mapping, address: 0x1000 + i * 16, line: l.lines.map((f, k) => new Line({ functionId: f + 1, line: 10 + k })) })),
    sample: s.samples.map((x) => new Sample({ locationId: x.locs.map((l) => l + 1), value: x.values })),
    timeNanos: 1_767_323_045_000_000_000n,
    durationNanos: s.duration ? 10_000_000_000 : 0,
    comment: s.comment ? [strings.dedup(s.comment)] : [],
    stringTable: strings,
  });
}

describe('pprof top = go tool pprof -top (property)', () => {
  it.skipIf(!GO)('prints the same text for random profiles and flags (skipped where go is not installed)', () => {
    const dir = tmp('pprof-go-prop');
    let n = 0;
    fc.assert(
      fc.property(spec, fc.boolean(), fc.constantFrom(0, 0, 1, 3), fc.constantFrom(0, 0.005, 0.05, 0.3), fc.nat({ max: 2 }), (s, cum, nodeCount, nodeFraction, index) => {
        const p = build(s);
        const file = join(dir, `p${n++}.pb.gz`);
        writeFileSync(file, gzipSync(p.encode()));
        const sampleIndex = String(Math.min(index, s.types.length - 1));
        const args = ['tool', 'pprof', '-top', `-nodefraction=${nodeFraction}`, `-sample_index=${sampleIndex}`, ...(cum ? ['-cum'] : []), ...(nodeCount ? [`-nodecount=${nodeCount}`] : []), file];
        const go = execFileSync('go', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TZ: 'UTC' } });
        const ours = renderTop(topReport(decodeProfile(gzipSync(p.encode()), file), { cum, nodeCount, nodeFraction, sampleType: sampleIndex, timeZone: 'UTC' }));
        expect(ours, `go ${args.join(' ')}`).toBe(go);
      }),
      { numRuns: 60 },
    );
  }, 120_000);
});
