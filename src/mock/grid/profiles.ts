/**
 * Real Go pprof profiles for the simulated grid nodes: gzip-compressed protobuf (pprof-format)
 * with a string table, a mapping of the node's binary, functions, locations with addresses, the
 * sample and period types Go's runtime uses for each profile kind, and weighted stacks that
 * depend on what the node is doing (its workload).
 */
import { gzipSync } from 'node:zlib';
import { Function as PFunction, Line, Location, Mapping, Profile, Sample, StringTable, ValueType } from 'pprof-format';
import { PROFILE_TYPES, type ProfileType } from '../../backends/grid/models.js';
import type { Rng } from '../rng.js';
import type { GridWorkload } from './scenario.js';

export { PROFILE_TYPES, type ProfileType };

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
const DEC = f('encoding/json.(*decodeState).object', 'encoding/json/decode.go', 645);
const COMPRESS = f('compress/flate.(*compressor).deflate', 'compress/flate/deflate.go', 436);
const REST = f('grid/client.(*RestServer).handlePprof', 'grid/client/rest.go', 87);
const QUERY = f('grid/client.(*RestServer).handleQuery', 'grid/client/rest.go', 143);
const HTTPS = f('net/http.(*conn).serve', 'net/http/server.go', 2092);
const READ = f('net.(*conn).Read', 'net/net.go', 179);
const BUFIO = f('bufio.NewReaderSize', 'bufio/bufio.go', 57);
const TLSW = f('crypto/tls.(*Conn).Write', 'crypto/tls/conn.go', 1196);
const SYSCALL = f('syscall.Syscall', 'syscall/syscall_linux.go', 69);
const MALLOC = f('runtime.mallocgc', 'runtime/malloc.go', 1007);
const GC = f('runtime.gcBgMarkWorker', 'runtime/mgc.go', 1412);
const FUTEX = f('runtime.futex', 'runtime/sys_linux_amd64.s', 557);
const NOTESLEEP = f('runtime.notesleep', 'runtime/lock_futex.go', 160);
const SCAVENGE = f('runtime.(*pageAlloc).scavenge', 'runtime/mgcscavenge.go', 658);
const BGSCAVENGE = f('runtime.bgscavenge', 'runtime/mgcscavenge.go', 652);
const SELECT = f('runtime.selectgo', 'runtime/select.go', 327);
const CHANRECV = f('runtime.chanrecv1', 'runtime/chan.go', 442);
const CONDWAIT = f('sync.(*Cond).Wait', 'sync/cond.go', 70);
const UNLOCK = f('sync.(*Mutex).Unlock', 'sync/mutex.go', 223);
const RWUNLOCK = f('sync.(*RWMutex).Unlock', 'sync/rwmutex.go', 208);
const CACHE = f('grid/client.(*Cache).Put', 'grid/client/cache.go', 64);
const STORE = f('grid/store.(*BoltStore).Put', 'grid/store/bolt.go', 91);
const NEWM = f('runtime.newm', 'runtime/proc.go', 2241);
const STARTM = f('runtime.startm', 'runtime/proc.go', 2712);

type Stacks = Array<[Frame[], number]>;

/**
 * Stacks leaf-first with weights, per workload and profile type. Leaf weights differ by at least a
 * third so the hot-function order survives the ±5 % jitter of each capture.
 */
const WORKLOADS: Record<GridWorkload, Record<ProfileType, Stacks>> = {
  sync: {
    cpu: [
      [[HASH, SYNC, RUN, MAIN], 55],
      [[ENC, SYNC, RUN, MAIN], 25],
      [[COMPRESS, REST, HTTPS], 12],
      [[GC], 6],
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
      [[CHANRECV, SYNC, RUN, MAIN], 26],
      [[READ, HTTPS], 12],
    ],
    block: [
      [[CHANRECV, SYNC, RUN, MAIN], 65],
      [[SELECT, RUN, MAIN], 35],
    ],
    mutex: [
      [[UNLOCK, CACHE, SYNC, RUN, MAIN], 80],
      [[RWUNLOCK, STORE, SYNC, RUN, MAIN], 20],
    ],
    threadcreate: [
      [[NEWM, STARTM, RUN, MAIN], 9],
      [[NEWM, STARTM, MAIN], 3],
    ],
  },
  api: {
    cpu: [
      [[ENC, QUERY, HTTPS], 45],
      [[SYSCALL, TLSW, QUERY, HTTPS], 25],
      [[DEC, QUERY, HTTPS], 14],
      [[MALLOC, ENC, QUERY, HTTPS], 8],
    ],
    allocs: [
      [[DEC, QUERY, HTTPS], 50],
      [[ENC, QUERY, HTTPS], 33],
      [[BUFIO, HTTPS], 15],
    ],
    heap: [
      [[CACHE, QUERY, HTTPS], 55],
      [[DEC, QUERY, HTTPS], 30],
      [[BUFIO, HTTPS], 15],
    ],
    goroutine: [
      [[READ, HTTPS], 60],
      [[SELECT, RUN, MAIN], 25],
      [[CHANRECV, SYNC, RUN, MAIN], 15],
    ],
    block: [
      [[SELECT, RUN, MAIN], 50],
      [[CHANRECV, QUERY, HTTPS], 30],
      [[CONDWAIT, TLSW, QUERY, HTTPS], 18],
    ],
    mutex: [
      [[UNLOCK, CACHE, QUERY, HTTPS], 70],
      [[RWUNLOCK, STORE, QUERY, HTTPS], 30],
    ],
    threadcreate: [[[NEWM, STARTM, MAIN], 14]],
  },
  idle: {
    cpu: [
      [[FUTEX, NOTESLEEP], 50],
      [[GC], 30],
      [[SCAVENGE, BGSCAVENGE], 18],
    ],
    allocs: [
      [[CACHE, SYNC, RUN, MAIN], 60],
      [[ENC, SYNC, RUN, MAIN], 38],
    ],
    heap: [
      [[CACHE, SYNC, RUN, MAIN], 60],
      [[ENC, SYNC, RUN, MAIN], 38],
    ],
    goroutine: [
      [[SELECT, RUN, MAIN], 60],
      [[CHANRECV, SYNC, RUN, MAIN], 38],
    ],
    block: [
      [[CHANRECV, SYNC, RUN, MAIN], 70],
      [[SELECT, RUN, MAIN], 30],
    ],
    mutex: [[[UNLOCK, CACHE, SYNC, RUN, MAIN], 100]],
    threadcreate: [[[NEWM, STARTM, MAIN], 6]],
  },
};

/** Go's sample types, period type and period per profile kind; `defaults` is DefaultSampleType. */
const SAMPLE_TYPES: Record<ProfileType, { types: Array<[string, string]>; period: [string, string, number]; defaults?: string }> = {
  cpu: { types: [['samples', 'count'], ['cpu', 'nanoseconds']], period: ['cpu', 'nanoseconds', 10_000_000] },
  allocs: { types: [['alloc_objects', 'count'], ['alloc_space', 'bytes'], ['inuse_objects', 'count'], ['inuse_space', 'bytes']], period: ['space', 'bytes', 524_288], defaults: 'alloc_space' },
  heap: { types: [['alloc_objects', 'count'], ['alloc_space', 'bytes'], ['inuse_objects', 'count'], ['inuse_space', 'bytes']], period: ['space', 'bytes', 524_288] },
  goroutine: { types: [['goroutine', 'count']], period: ['goroutine', 'count', 1] },
  block: { types: [['contentions', 'count'], ['delay', 'nanoseconds']], period: ['contentions', 'count', 1] },
  mutex: { types: [['contentions', 'count'], ['delay', 'nanoseconds']], period: ['contentions', 'count', 1] },
  threadcreate: { types: [['threadcreate', 'count']], period: ['threadcreate', 'count', 1] },
};

/** The hot functions of a profile, hottest first (by flat value: the leaves, weights summed). */
export function expectedHotFunctions(workload: GridWorkload, type: ProfileType): string[] {
  const flat = new Map<string, number>();
  for (const [stack, weight] of WORKLOADS[workload][type]) flat.set(stack[0].fn, (flat.get(stack[0].fn) ?? 0) + weight);
  return [...flat.entries()].sort((a, b) => b[1] - a[1]).map(([fn]) => fn);
}

/** Every function name a profile of this workload and type can contain. */
export function profileFunctions(workload: GridWorkload, type: ProfileType): string[] {
  return [...new Set(WORKLOADS[workload][type].flatMap(([stack]) => stack.map((fr) => fr.fn)))];
}

export interface BuildOptions {
  workload?: GridWorkload;
  /** Multiplies the sample counts. */
  scale?: number;
  /** The node's binary, named in the mapping. */
  binary?: string;
}

const TEXT_START = 0x400000;

/** Build the profile (uncompressed protobuf). */
export function buildProfile(type: ProfileType, rng: Rng, nowMs: number, opts: BuildOptions = {}): Uint8Array {
  const workload = opts.workload ?? 'sync';
  const scale = opts.scale ?? 10;
  const strings = new StringTable();
  const mapping = new Mapping({
    id: 1,
    memoryStart: TEXT_START,
    memoryLimit: 0x1c00000,
    fileOffset: 0,
    filename: strings.dedup(opts.binary ?? '/usr/local/bin/gridd'),
    buildId: strings.dedup('4f1c0b9ad3e27c5a8b16e0f2d94c7a35b8e1f602'),
    hasFunctions: true,
    hasFilenames: true,
    hasLineNumbers: true,
    hasInlineFrames: false,
  });
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
      const id = locations.size + 1;
      loc = new Location({ id, mappingId: 1, address: TEXT_START + 0x1000 + id * 0x1a0 + (fr.line % 0x40), line: [new Line({ functionId: fn.id, line: fr.line })] });
      locations.set(key, loc);
    }
    return loc;
  };
  const spec = SAMPLE_TYPES[type];
  const sampleType = spec.types.map(([t, u]) => new ValueType({ type: strings.dedup(t), unit: strings.dedup(u) }));
  // Heap profiles: part of what was allocated is still in use.
  const retained = type === 'heap' || type === 'allocs' ? 0.4 : 1;
  const samples = WORKLOADS[workload][type].map(([stack, weight]) => {
    const count = Math.max(1, Math.round(weight * scale * (0.95 + rng.next() * 0.1)));
    const inuse = Math.max(1, Math.round(count * retained));
    const value = spec.types.map(([name, unit]) => {
      const n = name.startsWith('inuse_') ? inuse : count;
      if (unit === 'count') return n;
      if (unit === 'bytes') return n * 4096;
      // nanoseconds: cpu time is samples x period; block/mutex delay ~ 1.5 ms per contention
      return type === 'cpu' ? n * spec.period[2] : n * 1_500_000;
    });
    return new Sample({ locationId: stack.map((fr) => locationFor(fr).id), value });
  });
  const profile = new Profile({
    sampleType,
    sample: samples,
    mapping: [mapping],
    location: [...locations.values()],
    function: [...functions.values()],
    stringTable: strings,
    timeNanos: BigInt(Math.round(nowMs)) * 1_000_000n,
    durationNanos: type === 'cpu' ? 30_000_000_000 : 0,
    periodType: new ValueType({ type: strings.dedup(spec.period[0]), unit: strings.dedup(spec.period[1]) }),
    period: spec.period[2],
    defaultSampleType: spec.defaults ? strings.dedup(spec.defaults) : 0,
  });
  return profile.encode();
}

export function buildProfileGzip(type: ProfileType, rng: Rng, nowMs: number, opts: BuildOptions = {}): Buffer {
  return gzipSync(buildProfile(type, rng, nowMs, opts));
}
