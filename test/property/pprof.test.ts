/**
 * Properties of the pprof reader: random profiles built with pprof-format survive
 * encode → decodeProfile (plain and gzip) with the same samples, and the top table's flat column
 * sums to its total.
 */
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { Function as PFunction, Line, Location, Profile, Sample, StringTable, ValueType } from 'pprof-format';
import { describe, expect, it } from 'vitest';
import { decodeProfile, num, sampleTypes, stacks, topReport } from '../../src/profiling/pprof.js';

const RUNS = 150;

interface Spec {
  types: Array<[string, string]>;
  functions: string[];
  /** Per location: the function indexes of its lines (inlined frames), possibly none. */
  locations: number[][];
  /** Per sample: location indexes (leaf first) and one value per sample type. */
  samples: Array<{ locs: number[]; values: number[] }>;
}

const name = fc.oneof(fc.constantFrom('main', 'runtime.mallocgc', 'net/http.(*conn).serve', 'inner', 'outer', 'é🚀'), fc.string({ minLength: 1, maxLength: 12 })).filter((n) => !/^\d+$/.test(n)); // a digit name would shadow a type index
const value = fc.oneof(fc.integer({ min: 0, max: 1_000_000_000 }), fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.constant(0));

const spec: fc.Arbitrary<Spec> = fc
  .record({
    types: fc.array(fc.tuple(name, fc.constantFrom('count', 'nanoseconds', 'bytes')), { minLength: 1, maxLength: 4 }),
    functions: fc.array(name, { minLength: 1, maxLength: 10 }),
    nLocations: fc.integer({ min: 1, max: 12 }),
  })
  .chain(({ types, functions, nLocations }) =>
    fc.record({
      types: fc.constant(types),
      functions: fc.constant(functions),
      locations: fc.array(fc.array(fc.nat({ max: functions.length - 1 }), { maxLength: 3 }), { minLength: nLocations, maxLength: nLocations }),
      samples: fc.array(
        fc.record({
          locs: fc.array(fc.nat({ max: nLocations - 1 }), { maxLength: 8 }),
          values: fc.array(value, { minLength: types.length, maxLength: types.length }),
        }),
        { maxLength: 30 },
      ),
    }),
  );

function build(s: Spec): Profile {
  const strings = new StringTable();
  return new Profile({
    sampleType: s.types.map(([type, unit]) => new ValueType({ type: strings.dedup(type), unit: strings.dedup(unit) })),
    function: s.functions.map((n, i) => new PFunction({ id: i + 1, name: strings.dedup(n), systemName: strings.dedup(n), filename: strings.dedup('main.go') })),
    location: s.locations.map((fns, i) => new Location({ id: i + 1, address: 0x1000 + i, line: fns.map((f) => new Line({ functionId: f + 1, line: 10 + f })) })),
    sample: s.samples.map((x) => new Sample({ locationId: x.locs.map((l) => l + 1), value: x.values })),
    timeNanos: 1_700_000_000_000_000_000n,
    durationNanos: 10_000_000_000,
    stringTable: strings,
  });
}

describe('pprof (property)', () => {
  it('decodeProfile(encode(p)) gives the same sample types and samples, plain and gzip', () => {
    fc.assert(
      fc.property(spec, fc.boolean(), (s, gz) => {
        const p = build(s);
        const bytes = p.encode();
        const back = decodeProfile(gz ? gzipSync(bytes) : bytes, 'p.pb');
        expect(sampleTypes(back)).toEqual(sampleTypes(p));
        expect(sampleTypes(back).map((t) => [t.type, t.unit])).toEqual(s.types);
        expect(back.sample.length).toBe(s.samples.length);
        back.sample.forEach((x, i) => {
          expect(x.locationId.map(num)).toEqual(s.samples[i]!.locs.map((l) => l + 1));
          expect(x.value.map(num)).toEqual(s.samples[i]!.values);
        });
        for (let t = 0; t < s.types.length; t++) expect(stacks(back, t)).toEqual(stacks(p, t));
      }),
      { numRuns: RUNS },
    );
  });

  it("the top table's total is every sample's |value|, its flat values add up to the stacked samples, and every cum lies between flat and the total", () => {
    fc.assert(
      fc.property(spec, fc.boolean(), (s, cum) => {
        const p = decodeProfile(build(s).encode());
        for (const t of sampleTypes(p)) {
          // as go tool pprof -top -nodefraction=0: nothing dropped
          const r = topReport(p, { sampleType: String(t.index), cum, nodeFraction: 0 });
          expect(r.total).toBe(s.samples.reduce((a, x) => a + Math.abs(x.values[t.index]!), 0));
          const stacked = s.samples.filter((x) => x.locs.length > 0).reduce((a, x) => a + x.values[t.index]!, 0);
          expect(r.rows.reduce((a, row) => a + row.flat, 0)).toBe(stacked);
          expect(new Set(r.rows.map((row) => row.function)).size).toBe(r.rows.length);
          if (s.samples.every((x) => x.values.every((v) => v >= 0))) {
            for (const row of r.rows) {
              expect(row.cum).toBeGreaterThanOrEqual(row.flat);
              expect(row.cum).toBeLessThanOrEqual(r.total);
            }
          }
        }
      }),
      { numRuns: RUNS },
    );
  });
});
