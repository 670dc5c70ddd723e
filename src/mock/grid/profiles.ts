/**
 * Go pprof profiles for the simulated grid nodes, shaped as the Go runtime writes them (compare
 * ../shared/real-data/go-pprof): gzip-compressed protobuf (pprof-format) with the binary,
 * `[vdso]` and `[vsyscall]` mappings, functions named once with their file, locations with
 * addresses whose lines hold inlined calls (innermost first), the sample types and period of
 * each profile kind (four for heap and allocs), a `bytes` label on heap samples, a few rarely
 * sampled runtime stacks that `go tool pprof` drops as insignificant, and a threadcreate profile
 * whose one sample has no stack (as Go 1.19 writes it). The weighted stacks depend on what the
 * node is doing (its workload).
 */
import { gzipSync } from 'node:zlib';
import { Function as PFunction, Label, Line, Location, Mapping, Profile, Sample, StringTable, ValueType } from 'pprof-format';
import { PROFILE_TYPES, type ProfileType } from '../../backends/grid/models.js';
import type { Rng } from '../rng.js';
import type { GridWorkload } from './scenario.js';

export { PROFILE_TYPES, type ProfileType };

interface Frame {
  fn: string;
  file: string;
  line: number;
  /** Inlined into the next frame of the stack: both share one location. */
  inline?: boolean;
}

const f = (fn: string, file: string, line: number): Frame => ({ fn, file, line });
/** The same function, inlined into its caller. */
const inl = (fr: Frame): Frame => ({ ...fr, inline: true });

const MAIN = f('main.main', 'grid/cmd/gridd/main.go', 42);
const RUN = f('grid/client.(*Client).Run', 'grid/client/client.go', 118);
const SYNC = f('grid/client.(*Syncer).processBatch', 'grid/client/sync.go', 201);
const HASH = f('crypto/sha256.block', 'crypto/sha256/sha256block_amd64.s', 13);
const ENC = f('encoding/json.(*encodeState).marshal', 'encoding/json/encode.go', 295);
const DEC = f('encoding/json.(*decodeState).object', 'encoding/json/decode.go', 645);
const COMPRESS = f('compress/flate.(*compressor).deflate', 'compress/flate/deflate.go', 436);
const MATCHLEN = f('compress/flate.matchLen', 'compress/flate/deflate.go', 299);
const REST = f('grid/client.(*RestServer).handlePprof', 'grid/client/rest.go', 87);
const QUERY = f('grid/client.(*RestServer).handleQuery', 'grid/client/rest.go', 143);
const HTTPS = f('net/http.(*conn).serve', 'net/http/server.go', 2092);
const READ = f('net.(*conn).Read', 'net/net.go', 179);
const NETPOLL = f('internal/poll.runtime_pollWait', 'runtime/netpoll.go', 306);
const TLSW = f('crypto/tls.(*Conn).Write', 'crypto/tls/conn.go', 1196);
const SYSCALL = f('syscall.Syscall', 'syscall/syscall_linux.go', 69);
const MALLOC = f('runtime.mallocgc', 'runtime/malloc.go', 1007);
const GC = f('runtime.gcBgMarkWorker', 'runtime/mgc.go', 1412);
const FUTEX = f('runtime.futex', 'runtime/sys_linux_amd64.s', 557);
const NOTESLEEP = f('runtime.notesleep', 'runtime/lock_futex.go', 160);
const SCAVENGE = f('runtime.(*pageAlloc).scavenge', 'runtime/mgcscavenge.go', 658);
const BGSCAVENGE = f('runtime.bgscavenge', 'runtime/mgcscavenge.go', 652);
const GOPARK = f('runtime.gopark', 'runtime/proc.go', 363);
const SELECT = f('runtime.selectgo', 'runtime/select.go', 327);
const CHANRECV = f('runtime.chanrecv1', 'runtime/chan.go', 442);
const CONDWAIT = f('sync.(*Cond).Wait', 'sync/cond.go', 70);
const LOCK = f('sync.(*Mutex).Lock', 'sync/mutex.go', 81);
const UNLOCK = f('sync.(*Mutex).Unlock', 'sync/mutex.go', 223);
const RWUNLOCK = f('sync.(*RWMutex).Unlock', 'sync/rwmutex.go', 208);
const CACHE = f('grid/client.(*Cache).Put', 'grid/client/cache.go', 64);
const STORE = f('grid/store.(*BoltStore).Put', 'grid/store/bolt.go', 91);
const GPROFILE = f('runtime.goroutineProfileWithLabels', 'runtime/mprof.go', 750);
const WRITEGOR = f('runtime/pprof.writeGoroutine', 'runtime/pprof/pprof.go', 689);

/** Rarely sampled runtime work: each stack well under 0.5 % of a profile, so pprof drops its nodes. */
const RUNTIME_NOISE: Frame[][] = [
  [f('runtime.nanotime1', 'runtime/sys_linux_amd64.s', 252), inl(f('runtime.nanotime', 'runtime/time_nofake.go', 19)), f('runtime.sysmon', 'runtime/proc.go', 5169), f('runtime.mstart1', 'runtime/proc.go', 1425)],
  [f('runtime.usleep', 'runtime/sys_linux_amd64.s', 135), f('runtime.runqgrab', 'runtime/proc.go', 6027), f('runtime.findrunnable', 'runtime/proc.go', 2797)],
  [f('runtime.madvise', 'runtime/sys_linux_amd64.s', 497), f('runtime.sysUnusedOS', 'runtime/mem_linux.go', 104)],
];

type Stacks = Array<[Frame[], number]>;

/**
 * Stacks leaf-first with weights, per workload and profile type. Leaf weights differ by at least a
 * third so the hot-function order survives the ±5 % jitter of each capture. threadcreate has no
 * stacks: its weight is the number of threads.
 */
const WORKLOADS: Record<GridWorkload, Record<Exclude<ProfileType, 'threadcreate'>, Stacks> & { threadcreate: number }> = {
  sync: {
    cpu: [
      [[HASH, SYNC, RUN, MAIN], 55],
      [[ENC, SYNC, RUN, MAIN], 25],
      [[inl(MATCHLEN), COMPRESS, REST, HTTPS], 12],
      [[GC], 6],
    ],
    allocs: [
      [[ENC, SYNC, RUN, MAIN], 60],
      [[inl(CACHE), SYNC, RUN, MAIN], 30],
      [[COMPRESS, REST, HTTPS], 10],
    ],
    heap: [
      [[inl(CACHE), SYNC, RUN, MAIN], 70],
      [[ENC, SYNC, RUN, MAIN], 20],
      [[COMPRESS, REST, HTTPS], 10],
    ],
    goroutine: [
      [[GOPARK, SELECT, RUN, MAIN], 40],
      [[GOPARK, CHANRECV, SYNC, RUN, MAIN], 26],
      [[GOPARK, NETPOLL, READ, HTTPS], 12],
      [[GPROFILE, WRITEGOR, REST, HTTPS], 1],
    ],
    block: [
      [[CHANRECV, SYNC, RUN, MAIN], 65],
      [[SELECT, RUN, MAIN], 35],
      [[inl(LOCK), CACHE, SYNC, RUN, MAIN], 20],
    ],
    mutex: [
      [[inl(UNLOCK), CACHE, SYNC, RUN, MAIN], 80],
      [[inl(RWUNLOCK), STORE, SYNC, RUN, MAIN], 20],
    ],
    threadcreate: 12,
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
      [[ENC, QUERY, HTTPS], 30],
      [[inl(CACHE), QUERY, HTTPS], 14],
    ],
    heap: [
      [[inl(CACHE), QUERY, HTTPS], 55],
      [[DEC, QUERY, HTTPS], 30],
      [[ENC, QUERY, HTTPS], 12],
    ],
    goroutine: [
      [[GOPARK, NETPOLL, READ, HTTPS], 60],
      [[GOPARK, SELECT, RUN, MAIN], 25],
      [[GOPARK, CHANRECV, SYNC, RUN, MAIN], 15],
      [[GPROFILE, WRITEGOR, REST, HTTPS], 1],
    ],
    block: [
      [[SELECT, RUN, MAIN], 50],
      [[CHANRECV, QUERY, HTTPS], 30],
      [[CONDWAIT, TLSW, QUERY, HTTPS], 18],
    ],
    mutex: [
      [[inl(UNLOCK), CACHE, QUERY, HTTPS], 70],
      [[inl(RWUNLOCK), STORE, QUERY, HTTPS], 30],
    ],
    threadcreate: 14,
  },
  idle: {
    cpu: [
      [[FUTEX, NOTESLEEP], 50],
      [[GC], 30],
      [[SCAVENGE, BGSCAVENGE], 18],
    ],
    allocs: [
      [[inl(CACHE), SYNC, RUN, MAIN], 60],
      [[ENC, SYNC, RUN, MAIN], 38],
    ],
    heap: [
      [[inl(CACHE), SYNC, RUN, MAIN], 60],
      [[ENC, SYNC, RUN, MAIN], 38],
    ],
    goroutine: [
      [[GOPARK, SELECT, RUN, MAIN], 60],
      [[GOPARK, CHANRECV, SYNC, RUN, MAIN], 38],
      [[GPROFILE, WRITEGOR, REST, HTTPS], 1],
    ],
    block: [
      [[CHANRECV, SYNC, RUN, MAIN], 70],
      [[SELECT, RUN, MAIN], 30],
    ],
    mutex: [[[inl(UNLOCK), CACHE, SYNC, RUN, MAIN], 100]],
    threadcreate: 6,
  },
};

function stacksOf(workload: GridWorkload, type: ProfileType): Stacks {
  return type === 'threadcreate' ? [] : WORKLOADS[workload][type];
}

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

/** The hot functions of a profile, hottest first (by flat value: the leaves, weights summed; at the default scale). */
export function expectedHotFunctions(workload: GridWorkload, type: ProfileType): string[] {
  const flat = new Map<string, number>();
  for (const [stack, weight] of stacksOf(workload, type)) flat.set(stack[0].fn, (flat.get(stack[0].fn) ?? 0) + weight);
  return [...flat.entries()].sort((a, b) => b[1] - a[1]).map(([fn]) => fn);
}

/** Every function name a profile of this workload and type can contain (the runtime's rare stacks included for cpu). */
export function profileFunctions(workload: GridWorkload, type: ProfileType): string[] {
  const stacks = stacksOf(workload, type).map(([stack]) => stack);
  if (type === 'cpu') stacks.push(...RUNTIME_NOISE);
  return [...new Set(stacks.flatMap((stack) => stack.map((fr) => fr.fn)))];
}

export interface BuildOptions {
  workload?: GridWorkload;
  /** Multiplies the sample counts. */
  scale?: number;
  /** The node's binary, named in the first mapping. */
  binary?: string;
}

const TEXT_START = 0x400000;
/** Heap profiles: the size of each sampled object (Go labels heap samples with it as `bytes`). */
const OBJECT_BYTES = 4096;

/** Build the profile (uncompressed protobuf). */
export function buildProfile(type: ProfileType, rng: Rng, nowMs: number, opts: BuildOptions = {}): Uint8Array {
  const workload = opts.workload ?? 'sync';
  const scale = opts.scale ?? 10;
  const strings = new StringTable();
  const stackless = type === 'threadcreate';
  const mappings = [
    new Mapping({ id: 1, memoryStart: TEXT_START, memoryLimit: 0x1c00000, fileOffset: 0, filename: strings.dedup(opts.binary ?? '/usr/local/bin/gridd'), hasFunctions: !stackless }),
    new Mapping({ id: 2, memoryStart: 0x7ffd4a3f6000n, memoryLimit: 0x7ffd4a3f8000n, fileOffset: 0, filename: strings.dedup('[vdso]') }),
    new Mapping({ id: 3, memoryStart: 0xffffffffff600000n, memoryLimit: 0xffffffffff601000n, fileOffset: 0, filename: strings.dedup('[vsyscall]') }),
  ];
  const functions = new Map<string, PFunction>();
  const functionOf = (fr: Frame): PFunction => {
    let fn = functions.get(fr.fn);
    if (!fn) {
      fn = new PFunction({ id: functions.size + 1, name: strings.dedup(fr.fn), systemName: strings.dedup(fr.fn), filename: strings.dedup(fr.file), startLine: 0 });
      functions.set(fr.fn, fn);
    }
    return fn;
  };
  const locations = new Map<string, Location>();
  /** One location per call site: the frame and the frames inlined into it (innermost first). */
  const locationFor = (group: Frame[]): Location => {
    const key = group.map((fr) => `${fr.fn}:${fr.line}`).join('|');
    let loc = locations.get(key);
    if (!loc) {
      const id = locations.size + 1;
      const outer = group[group.length - 1];
      loc = new Location({ id, mappingId: 1, address: TEXT_START + 0x1000 + id * 0x1a0 + (outer.line % 0x40), line: group.map((fr) => new Line({ functionId: functionOf(fr).id, line: fr.line })) });
      locations.set(key, loc);
    }
    return loc;
  };
  const locationIds = (stack: Frame[]): number[] => {
    const ids: number[] = [];
    let group: Frame[] = [];
    for (const fr of stack) {
      group.push(fr);
      if (!fr.inline) {
        ids.push(Number(locationFor(group).id));
        group = [];
      }
    }
    if (group.length) ids.push(Number(locationFor(group).id));
    return ids;
  };
  const spec = SAMPLE_TYPES[type];
  const sampleType = spec.types.map(([t, u]) => new ValueType({ type: strings.dedup(t), unit: strings.dedup(u) }));
  // Heap profiles: part of what was allocated is still in use.
  const retained = type === 'heap' || type === 'allocs' ? 0.4 : 1;
  const heap = type === 'heap' || type === 'allocs';
  const valuesOf = (count: number): number[] => {
    const inuse = Math.max(1, Math.round(count * retained));
    return spec.types.map(([name, unit]) => {
      const n = name.startsWith('inuse_') ? inuse : count;
      if (unit === 'count') return n;
      if (unit === 'bytes') return n * OBJECT_BYTES;
      // nanoseconds: cpu time is samples x period; block/mutex delay ~ 1.5 ms per contention
      return type === 'cpu' ? n * spec.period[2] : n * 1_500_000;
    });
  };
  const jitter = (weight: number) => Math.max(1, Math.round(weight * scale * (0.95 + rng.next() * 0.1)));
  const samples: Sample[] = [];
  if (stackless) {
    samples.push(new Sample({ locationId: [], value: [jitter(WORKLOADS[workload].threadcreate / scale)] }));
  } else {
    const weighted: Stacks = [...stacksOf(workload, type)];
    if (type === 'cpu') for (const noise of RUNTIME_NOISE) weighted.push([noise, 0.1]);
    for (const [stack, weight] of weighted) {
      const count = type === 'goroutine' ? Math.max(1, Math.round(weight)) : jitter(weight);
      samples.push(
        new Sample({
          locationId: locationIds(stack),
          value: valuesOf(count),
          label: heap ? [new Label({ key: strings.dedup('bytes'), num: OBJECT_BYTES })] : [],
        }),
      );
    }
  }
  const profile = new Profile({
    sampleType,
    sample: samples,
    mapping: mappings,
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
