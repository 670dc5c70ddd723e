/**
 * Real Go pprof profiles for the simulated grid nodes: gzip-compressed protobuf (pprof-format)
 * with a string table, functions, locations, sample types per profile kind and weighted stacks.
 */
import { gzipSync } from 'node:zlib';
import { Function as PFunction, Location, Line, Profile, Sample, StringTable, ValueType } from 'pprof-format';
import type { Rng } from '../rng.js';

export const PROFILE_TYPES = ['cpu', 'allocs', 'heap', 'goroutine', 'block', 'mutex', 'threadcreate'] as const;
export type ProfileType = (typeof PROFILE_TYPES)[number];

interface Frame {
  fn: string;
  file: string;
  line: number;
}

const f = (fn: string, file: string, line: number): Frame => ({ fn, file, line });

const MAIN = f('main.main', 'grid/cmd/gridd/main.go', 42);
const RUN = f('grid/client.(*Client).Run', 'grid/client/client.go', 118);
const SYNC = f('grid/client.(*Syncer).processBatch', 'grid/client/sync.go', 201);
const HASH = f('crypto/sha256.block', 'crypto/sha256/sha256block_amd64.go', 13);
const ENC = f('encoding/json.(*encodeState).marshal', 'encoding/json/encode.go', 295);
const COMPRESS = f('compress/flate.(*compressor).deflate', 'compress/flate/deflate.go', 436);
const REST = f('grid/client.(*RestServer).handlePprof', 'grid/client/rest.go', 87);
const HTTPS = f('net/http.(*conn).serve', 'net/http/server.go', 2092);
const GC = f('runtime.gcBgMarkWorker', 'runtime/mgc.go', 1412);
const SELECT = f('runtime.selectgo', 'runtime/select.go', 327);
const CHANRECV = f('runtime.chanrecv1', 'runtime/chan.go', 442);
const LOCK = f('sync.(*Mutex).Lock', 'sync/mutex.go', 81);
const CACHE = f('grid/client.(*Cache).Put', 'grid/client/cache.go', 64);
const NEWM = f('runtime.newm', 'runtime/proc.go', 2241);

/** Stacks leaf-first with weights; the leaf of the heaviest stack is the hottest function. */
const WORKLOADS: Record<ProfileType, Array<[Frame[], number]>> = {
  cpu: [
    [[HASH, SYNC, RUN, MAIN], 55],
    [[ENC, SYNC, RUN, MAIN], 25],
    [[COMPRESS, REST, HTTPS], 12],
    [[GC], 8],
  ],
  allocs: [
    [[ENC, SYNC, RUN, MAIN], 60],
    [[CACHE, SYNC, RUN, MAIN], 30],
    [[COMPRESS, REST, HTTPS], 10],
  ],
  heap: [
    [[CACHE, SYNC, RUN, MAIN], 70],
    [[ENC, SYNC, RUN, MAIN], 20],
    [[COMPRESS, REST, HTTPS], 10],
  ],
  goroutine: [
    [[SELECT, RUN, MAIN], 40],
    [[CHANRECV, SYNC, RUN, MAIN], 35],
    [[HTTPS], 25],
  ],
  block: [
    [[CHANRECV, SYNC, RUN, MAIN], 65],
    [[SELECT, RUN, MAIN], 35],
  ],
  mutex: [
    [[LOCK, CACHE, SYNC, RUN, MAIN], 80],
    [[LOCK, REST, HTTPS], 20],
  ],
  threadcreate: [[[NEWM, RUN, MAIN], 100]],
};

const SAMPLE_TYPES: Record<ProfileType, { types: Array<[string, string]>; period: [string, string, number] }> = {
  cpu: { types: [['samples', 'count'], ['cpu', 'nanoseconds']], period: ['cpu', 'nanoseconds', 10_000_000] },
  allocs: { types: [['alloc_objects', 'count'], ['alloc_space', 'bytes'], ['inuse_objects', 'count'], ['inuse_space', 'bytes']], period: ['space', 'bytes', 524_288] },
  heap: { types: [['alloc_objects', 'count'], ['alloc_space', 'bytes'], ['inuse_objects', 'count'], ['inuse_space', 'bytes']], period: ['space', 'bytes', 524_288] },
  goroutine: { types: [['goroutine', 'count']], period: ['goroutine', 'count', 1] },
  block: { types: [['contentions', 'count'], ['delay', 'nanoseconds']], period: ['contentions', 'count', 1] },
  mutex: { types: [['contentions', 'count'], ['delay', 'nanoseconds']], period: ['contentions', 'count', 1] },
  threadcreate: { types: [['threadcreate', 'count']], period: ['threadcreate', 'count', 1] },
};

/** Build the profile (uncompressed protobuf). `scale` multiplies the sample counts. */
export function buildProfile(type: ProfileType, rng: Rng, nowMs: number, scale = 10): Uint8Array {
  const strings = new StringTable();
  const functions = new Map<string, PFunction>();
  const locations = new Map<string, Location>();
  const locationFor = (fr: Frame): Location => {
    const key = `${fr.fn}:${fr.line}`;
    let loc = locations.get(key);
    if (!loc) {
      let fn = functions.get(fr.fn);
      if (!fn) {
        fn = new PFunction({ id: functions.size + 1, name: strings.dedup(fr.fn), systemName: strings.dedup(fr.fn), filename: strings.dedup(fr.file), startLine: Math.max(1, fr.line - 10) });
        functions.set(fr.fn, fn);
      }
      loc = new Location({ id: locations.size + 1, line: [new Line({ functionId: fn.id, line: fr.line })] });
      locations.set(key, loc);
    }
    return loc;
  };
  const spec = SAMPLE_TYPES[type];
  const sampleType = spec.types.map(([t, u]) => new ValueType({ type: strings.dedup(t), unit: strings.dedup(u) }));
  const samples = WORKLOADS[type].map(([stack, weight]) => {
    const count = Math.max(1, Math.round(weight * scale * (0.9 + rng.next() * 0.2)));
    const value = spec.types.map(([, unit]) => (unit === 'count' ? count : unit === 'bytes' ? count * 4096 : count * spec.period[2]));
    return new Sample({ locationId: stack.map((fr) => locationFor(fr).id), value });
  });
  const profile = new Profile({
    sampleType,
    sample: samples,
    location: [...locations.values()],
    function: [...functions.values()],
    stringTable: strings,
    timeNanos: BigInt(nowMs) * 1_000_000n,
    durationNanos: type === 'cpu' ? 30_000_000_000 : 0,
    periodType: new ValueType({ type: strings.dedup(spec.period[0]), unit: strings.dedup(spec.period[1]) }),
    period: spec.period[2],
    defaultSampleType: type === 'cpu' ? strings.dedup('cpu') : 0,
  });
  return profile.encode();
}

export function buildProfileGzip(type: ProfileType, rng: Rng, nowMs: number): Buffer {
  return gzipSync(buildProfile(type, rng, nowMs));
}
