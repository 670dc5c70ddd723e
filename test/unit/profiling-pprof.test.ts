/** pprof: the grid mock's profiles decode with pprof-format, `top` ranks the simulated hot functions, errors are clear. */
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { Function as PFunction, Line, Location, Profile, Sample, StringTable, ValueType } from 'pprof-format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MeshError } from '../../src/errors.js';
import { PROFILE_TYPES, type ProfileType } from '../../src/backends/grid/models.js';
import { buildProfileGzip, expectedHotFunctions, profileFunctions } from '../../src/mock/grid/profiles.js';
import { GRID_WORKLOADS, GridScenario } from '../../src/mock/grid/scenario.js';
import { createRng } from '../../src/mock/rng.js';
import { decodeProfile, foldedStacks, formatValue, pickSampleType, renderTop, topReport, validateProfile } from '../../src/profiling/pprof.js';
import { startMock, type MockHandle } from '../../src/mock/server.js';
import { loadScenario } from '../../src/mock/scenario.js';
import { tmp } from '../helpers.js';

const NOW = Date.UTC(2026, 0, 2, 3, 4, 5);

/** Go's sample types per profile kind (runtime/pprof). */
const GO_SAMPLE_TYPES: Record<ProfileType, string[]> = {
  cpu: ['samples/count', 'cpu/nanoseconds'],
  allocs: ['alloc_objects/count', 'alloc_space/bytes', 'inuse_objects/count', 'inuse_space/bytes'],
  heap: ['alloc_objects/count', 'alloc_space/bytes', 'inuse_objects/count', 'inuse_space/bytes'],
  goroutine: ['goroutine/count'],
  block: ['contentions/count', 'delay/nanoseconds'],
  mutex: ['contentions/count', 'delay/nanoseconds'],
  threadcreate: ['threadcreate/count'],
};

describe('grid mock profiles', () => {
  for (const workload of GRID_WORKLOADS) {
    for (const type of PROFILE_TYPES) {
      it(`${workload}/${type}: gzip pprof that pprof-format decodes, with valid tables and Go's sample types`, () => {
        const gz = buildProfileGzip(type, createRng(`${workload}:${type}`), NOW, { workload });
        expect([gz[0], gz[1]]).toEqual([0x1f, 0x8b]);
        const p = Profile.decode(gunzipSync(gz));
        const strings = p.stringTable.strings;
        expect(strings[0]).toBe('');
        expect(p.sampleType.map((t) => `${strings[Number(t.type)]}/${strings[Number(t.unit)]}`)).toEqual(GO_SAMPLE_TYPES[type]);
        expect(p.sample.length).toBeGreaterThan(0);
        const fnIds = new Set(p.function.map((f) => Number(f.id)));
        const locIds = new Set(p.location.map((l) => Number(l.id)));
        expect(fnIds.has(0)).toBe(false);
        expect(locIds.has(0)).toBe(false);
        for (const fn of p.function) {
          expect(strings[Number(fn.name)]).toBeTruthy();
          expect(strings[Number(fn.filename)]).toMatch(/\.(go|s)$/);
        }
        // as the Go runtime writes them: the binary, then [vdso] and [vsyscall]
        expect(p.mapping.map((m) => strings[Number(m.filename)])).toEqual(['/usr/local/bin/gridd', '[vdso]', '[vsyscall]']);
        if (type === 'threadcreate') expect(p.sample.every((s) => s.locationId.length === 0)).toBe(true);
        for (const loc of p.location) {
          expect(Number(loc.mappingId)).toBe(Number(p.mapping[0].id));
          expect(loc.line.length).toBeGreaterThan(0);
          for (const l of loc.line) expect(fnIds.has(Number(l.functionId))).toBe(true);
        }
        for (const s of p.sample) {
          expect(s.value).toHaveLength(p.sampleType.length);
          for (const id of s.locationId) expect(locIds.has(Number(id))).toBe(true);
          for (const v of s.value) expect(Number(v)).toBeGreaterThan(0);
        }
        expect(Number(p.timeNanos)).toBe(NOW * 1e6);
        expect(Number(p.durationNanos)).toBe(type === 'cpu' ? 30e9 : 0);
        expect(validateProfile(p)).toBeUndefined();
        // every simulated function is in the function table
        expect(new Set(p.function.map((f) => strings[Number(f.name)]))).toEqual(new Set(profileFunctions(workload, type)));
      });

      it(`${workload}/${type}: top lists the hot functions in order, whatever the seed`, () => {
        const expected = expectedHotFunctions(workload, type);
        for (let seed = 1; seed <= 25; seed++) {
          const p = decodeProfile(buildProfileGzip(type, createRng(seed), NOW, { workload }));
          const flat = topReport(p).rows.filter((r) => r.flat > 0).map((r) => r.function);
          expect(flat).toEqual(expected);
        }
      });
    }
  }

  it('the default grid and a shorthand node list parse', () => {
    expect(GridScenario.parse({}).nodes.length).toBeGreaterThan(0);
    const g = GridScenario.parse({ nodes: ['abc', { id: 'def', workload: 'api', online: false }] });
    expect(g.nodes).toEqual([
      expect.objectContaining({ id: 'abc', workload: 'sync', online: true, unresponsive: false, modules: ['grid.client'] }),
      expect.objectContaining({ id: 'def', workload: 'api', online: false }),
    ]);
    expect(GridScenario.safeParse({ nodes: [{ id: 'x', workload: 'nope' }] }).success).toBe(false);
    expect(GridScenario.safeParse({ nodez: [] }).success).toBe(false);
  });
});

describe('top', () => {
  const p = decodeProfile(buildProfileGzip('cpu', createRng(7), NOW, { workload: 'sync' }));

  it('picks the default sample type as pprof does (DefaultSampleType, else the last)', () => {
    expect(pickSampleType(p).type).toBe('cpu');
    expect(pickSampleType(decodeProfile(buildProfileGzip('allocs', createRng(1), NOW))).type).toBe('alloc_space');
    expect(pickSampleType(decodeProfile(buildProfileGzip('heap', createRng(1), NOW))).type).toBe('inuse_space');
    expect(pickSampleType(p, 'samples').type).toBe('samples');
    expect(() => pickSampleType(p, 'nope')).toThrow(/no sample type "nope"/);
  });

  it('computes flat, cum, sum% and sorts by cum on request', () => {
    const r = topReport(p, { nodeFraction: 0 });
    const total = r.rows.reduce((a, row) => a + row.flat, 0);
    expect(total).toBe(r.total);
    expect(r.rows[r.rows.length - 1].sumPct).toBeCloseTo(100, 6);
    const main = r.rows.find((row) => row.function === 'main.main')!;
    expect(main.flat).toBe(0);
    // main.main is under the sha256 and json stacks: its cum is their sum
    const sha = r.rows.find((row) => row.function === 'crypto/sha256.block')!;
    const enc = r.rows.find((row) => row.function === 'encoding/json.(*encodeState).marshal')!;
    expect(main.cum).toBe(sha.flat + enc.flat);
    const byCum = topReport(p, { cum: true }).rows.map((row) => row.cum);
    expect([...byCum].sort((a, b) => b - a)).toEqual(byCum);
  });

  it('renders like go tool pprof -top', () => {
    const text = renderTop(topReport(p, { nodeCount: 3, timeZone: 'UTC' }));
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe('File: gridd');
    expect(lines[1]).toBe('Type: cpu');
    expect(text).toContain('Time: Jan 2, 2026 at 3:04am (UTC)');
    expect(text).toMatch(/Duration: 30s, Total samples = [\d.]+m?s \(\d+\.\d\d%\)/);
    expect(text).toMatch(/Dropped \d+ nodes \(cum <= [\d.]+m?s\)/);
    expect(text).toContain('Showing top 3 nodes out of 10');
    const head = lines.findIndex((l) => /^\s+flat\s+flat%\s+sum%\s+cum\s+cum%$/.test(l));
    expect(head).toBeGreaterThan(0);
    const body = lines.slice(head + 1);
    expect(body).toHaveLength(3);
    expect(body[0]).toMatch(/^\s+[\d.]+m?s\s+[\d.]+%\s+[\d.]+%\s+[\d.]+m?s\s+[\d.]+%\s+crypto\/sha256\.block$/);
    expect(body[1]).toMatch(/encoding\/json\.\(\*encodeState\)\.marshal$/);
  });

  it('formats values in pprof units', () => {
    expect(formatValue(5_670_000_000, 'nanoseconds')).toBe('5.67s');
    expect(formatValue(610_000_000, 'nanoseconds')).toBe('610ms');
    expect(formatValue(1_500, 'nanoseconds')).toBe('1.50us');
    // pprof has no minutes: seconds up to an hour, then hrs
    expect(formatValue(90e9, 'nanoseconds')).toBe('90s');
    expect(formatValue(5400e9, 'nanoseconds')).toBe('1.50hrs');
    expect(formatValue(0, 'nanoseconds')).toBe('0');
    expect(formatValue(2048, 'bytes')).toBe('2kB');
    expect(formatValue(3 * 1024 * 1024 + 512 * 1024, 'bytes')).toBe('3.50MB');
    expect(formatValue(12, 'count')).toBe('12');
  });

  it('folds stacks root first for flame graphs', () => {
    const { stacks, type } = foldedStacks(p);
    expect(type.type).toBe('cpu');
    const sha = stacks.find((s) => s.frames[s.frames.length - 1] === 'crypto/sha256.block')!;
    expect(sha.frames).toEqual(['main.main', 'grid/client.(*Client).Run', 'grid/client.(*Syncer).processBatch', 'crypto/sha256.block']);
  });

  it('expands inlined frames and reads plain (not gzipped) protobuf', () => {
    const strings = new StringTable();
    const fn = (id: number, name: string) => new PFunction({ id, name: strings.dedup(name), filename: strings.dedup('x.go') });
    const prof = new Profile({
      sampleType: [new ValueType({ type: strings.dedup('samples'), unit: strings.dedup('count') })],
      function: [fn(1, 'inner'), fn(2, 'outer'), fn(3, 'main')],
      // one location holding `inner` inlined into `outer`
      location: [new Location({ id: 1, line: [new Line({ functionId: 1, line: 3 }), new Line({ functionId: 2, line: 9 })] }), new Location({ id: 2, line: [new Line({ functionId: 3, line: 1 })] })],
      sample: [new Sample({ locationId: [1, 2], value: [5] })],
      stringTable: strings,
    });
    const decoded = decodeProfile(prof.encode());
    expect(foldedStacks(decoded).stacks).toEqual([{ frames: ['main', 'outer', 'inner'], value: 5 }]);
    const r = topReport(decoded);
    expect(r.rows.map((row) => [row.function, row.flat, row.cum])).toEqual([
      ['inner', 5, 5],
      ['main', 0, 5],
      ['outer', 0, 5],
    ]);
  });
});

describe('decode errors', () => {
  const expectUsage = (fn: () => unknown, re: RegExp) => {
    try {
      fn();
      expect.unreachable('should have thrown');
    } catch (e) {
      expect(e).toBeInstanceOf(MeshError);
      expect((e as MeshError).exitCode).toBe(2);
      expect((e as MeshError).message).toMatch(re);
    }
  };

  it('refuses files that are not profiles, truncated gzip, and broken references', () => {
    expectUsage(() => decodeProfile(Buffer.from('<svg></svg>'), 'x.svg'), /x\.svg is not a pprof profile/);
    const gz = buildProfileGzip('heap', createRng(1), NOW);
    expectUsage(() => decodeProfile(gz.subarray(0, gz.length - 12), 'cut.out'), /cut\.out is not a valid gzip file/);
    const strings = new StringTable();
    const broken = new Profile({ sampleType: [new ValueType({ type: strings.dedup('samples'), unit: strings.dedup('count') })], sample: [new Sample({ locationId: [9], value: [1] })], stringTable: strings });
    expectUsage(() => decodeProfile(gzipSync(broken.encode()), 'b.out'), /unknown location 9/);
    const wrongValues = new Profile({ sampleType: [new ValueType({ type: strings.dedup('samples'), unit: strings.dedup('count') })], sample: [new Sample({ locationId: [], value: [1, 2] })], stringTable: strings });
    expectUsage(() => decodeProfile(wrongValues.encode(), 'w.out'), /2 values for 1 sample types/);
  });
});

describe('the grid mock over HTTP', () => {
  let mock: MockHandle;
  const TOKEN = 's3cret-grid-token';
  beforeAll(async () => {
    mock = await startMock({ scenario: loadScenario('fixtures/profiling/scenarios/grid.yaml'), portBase: 0, only: ['grid'], env: {} });
  });
  afterAll(async () => {
    await mock?.close();
  });
  const post = (body: unknown, token: string | null = TOKEN) =>
    fetch(`${mock.urls.grid}/internal/v1/pprof`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });

  it('serves every profile type as gzip pprof under a hydden-{profile}-{timestamp}.out name', async () => {
    for (const profile of PROFILE_TYPES) {
      const r = await post({ client: '22222222-2222-4222-8222-222222222222', profile });
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe('application/octet-stream');
      expect(r.headers.get('content-disposition')).toMatch(new RegExp(`^attachment; filename=hydden-${profile}-\\d{8}T\\d{6}Z\\.out$`));
      const p = decodeProfile(Buffer.from(await r.arrayBuffer()));
      expect(topReport(p).rows.filter((row) => row.flat > 0).map((row) => row.function)).toEqual(expectedHotFunctions('api', profile));
    }
  });

  it('answers 403, 400, 404 and 500 in plain text as the real server', async () => {
    const node = '11111111-1111-4111-8111-111111111111';
    expect((await post({ client: node, profile: 'cpu' }, null)).status).toBe(403);
    expect((await post({ client: node, profile: 'cpu' }, 'wrong')).status).toBe(403);
    const bad = await post({ client: node, profile: 'flame' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('unknown profile type');
    expect((await post({ client: node, profile: 'heap', module: 'grid.server' })).status).toBe(400);
    expect((await post({ client: '22222222-2222-4222-8222-222222222222', profile: 'heap', module: 'grid.server' })).status).toBe(200);
    expect((await post({ client: 'nope', profile: 'heap' })).status).toBe(404);
    expect((await post({ client: '44444444-4444-4444-8444-444444444444', profile: 'heap' })).status).toBe(404);
    const stuck = await post({ client: '55555555-5555-4555-8555-555555555555', profile: 'heap' });
    expect(stuck.status).toBe(500);
    expect(stuck.headers.get('content-type')).toMatch(/^text\/plain/);
  });
});

const GO = spawnSync('go', ['version'], { encoding: 'utf8' }).status === 0;
if (!GO) console.warn('go is not installed: skipping the `go tool pprof -top` cross-check of the grid mock profiles');

describe('go tool pprof', () => {
  it.skipIf(!GO)('prints what go tool pprof -top prints for every profile the grid mock serves (skipped where go is not installed)', () => {
    const dir = tmp('pprof-go');
    for (const workload of GRID_WORKLOADS) {
      for (const type of PROFILE_TYPES) {
        const file = join(dir, `${workload}-${type}.out`);
        const gz = buildProfileGzip(type, createRng(3), NOW, { workload });
        writeFileSync(file, gz);
        for (const cum of [false, true]) {
          const out = execFileSync('go', ['tool', 'pprof', '-top', ...(cum ? ['-cum'] : []), file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TZ: 'UTC' } });
          expect(renderTop(topReport(decodeProfile(gz), { cum, timeZone: 'UTC' })), `${workload}/${type}${cum ? ' -cum' : ''}`).toBe(out);
        }
      }
    }
  });
});
