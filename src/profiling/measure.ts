/**
 * Numbers, units and times as `go tool pprof` prints them: Go's `%.2f` and `%.2g` (exact decimal
 * rounding, ties to even), pprof's unit scaling (bytes in powers of 1024, time from ns to hrs),
 * its percentages (`  100%`, `29.54%`, `  0.7%`) and its `Jan 2, 2006 at 3:04pm (MST)` times.
 */

/** The exact decimal digits of a finite, non-negative number: integer part and 100 fraction digits. */
function exactDecimal(a: number): { int: string; frac: string } {
  if (a >= 1e21) return { int: BigInt(a).toString(), frac: '0'.repeat(100) };
  // toFixed works on the exact binary value, so up to 100 digits are the true expansion
  const [int, frac] = a.toFixed(100).split('.');
  return { int, frac };
}

/** Add one unit in the last place of a string of decimal digits. */
function increment(digits: string): string {
  const d = digits.split('');
  let i = d.length - 1;
  while (i >= 0) {
    if (d[i] === '9') {
      d[i] = '0';
      i--;
    } else {
      d[i] = String(Number(d[i]) + 1);
      return d.join('');
    }
  }
  return `1${d.join('')}`;
}

/** Round a digit string to `keep` digits, ties to even (as Go's strconv does). */
function roundDigits(digits: string, keep: number): string {
  const kept = digits.slice(0, keep);
  const rest = digits.slice(keep);
  if (rest === '' || rest[0] < '5') return kept;
  const tie = rest[0] === '5' && /^0*$/.test(rest.slice(1));
  const up = !tie || (kept.length > 0 && Number(kept[kept.length - 1]) % 2 === 1);
  return up ? increment(kept) : kept;
}

/** Go's `%.{prec}f`. */
export function goFixed(x: number, prec: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '+Inf' : '-Inf';
  const neg = x < 0 || Object.is(x, -0);
  const { int, frac } = exactDecimal(Math.abs(x));
  const all = roundDigits(int + frac, int.length + prec);
  const intLen = all.length - prec;
  const text = prec > 0 ? `${all.slice(0, intLen)}.${all.slice(intLen)}` : all;
  return `${neg ? '-' : ''}${text.replace(/^0+(?=\d)/, '')}`;
}

/** Go's `%.{prec}g` (shortest of %e and %f, trailing zeros dropped). */
export function goG(x: number, prec: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '+Inf' : '-Inf';
  const neg = x < 0 || Object.is(x, -0);
  const a = Math.abs(x);
  if (a === 0) return neg ? '-0' : '0';
  const { int, frac } = exactDecimal(a);
  const all = (int + frac).replace(/^0+/, '');
  if (all === '') return (neg ? '-' : '') + a.toExponential(Math.max(0, prec - 1)).replace(/\.?0+e/, 'e');
  // exponent of the first significant digit
  const lead = int === '0' ? -(frac.length - frac.replace(/^0+/, '').length) - 1 : int.length - 1;
  let digits = roundDigits(all, prec);
  let exp = lead;
  if (digits.length > prec) {
    digits = digits.slice(0, prec);
    exp++;
  }
  const sign = neg ? '-' : '';
  if (exp < -4 || exp >= prec) {
    const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}`.replace(/\.?0+$/, '') : digits;
    const e = Math.abs(exp);
    return `${sign}${mant}e${exp < 0 ? '-' : '+'}${e < 10 ? `0${e}` : e}`;
  }
  let text: string;
  if (exp >= 0) {
    const padded = digits.padEnd(exp + 1, '0');
    text = `${padded.slice(0, exp + 1)}.${padded.slice(exp + 1)}`;
  } else text = `0.${'0'.repeat(-exp - 1)}${digits}`;
  return sign + text.replace(/0+$/, '').replace(/\.$/, '');
}

interface Unit {
  name: string;
  aliases: string[];
  factor: number;
}

interface UnitType {
  units: Unit[];
  defaultUnit: Unit;
}

const UNIT_TYPES: UnitType[] = [
  {
    units: [
      { name: 'B', aliases: ['b', 'byte'], factor: 1 },
      { name: 'kB', aliases: ['kb', 'kbyte', 'kilobyte'], factor: 2 ** 10 },
      { name: 'MB', aliases: ['mb', 'mbyte', 'megabyte'], factor: 2 ** 20 },
      { name: 'GB', aliases: ['gb', 'gbyte', 'gigabyte'], factor: 2 ** 30 },
      { name: 'TB', aliases: ['tb', 'tbyte', 'terabyte'], factor: 2 ** 40 },
      { name: 'PB', aliases: ['pb', 'pbyte', 'petabyte'], factor: 2 ** 50 },
    ],
    defaultUnit: { name: 'B', aliases: ['b', 'byte'], factor: 1 },
  },
  {
    units: [
      { name: 'ns', aliases: ['ns', 'nanosecond'], factor: 1 },
      { name: 'us', aliases: ['μs', 'us', 'microsecond'], factor: 1e3 },
      { name: 'ms', aliases: ['ms', 'millisecond'], factor: 1e6 },
      { name: 's', aliases: ['s', 'sec', 'second'], factor: 1e9 },
      { name: 'hrs', aliases: ['hour', 'hr'], factor: 3600e9 },
    ],
    defaultUnit: { name: 's', aliases: [], factor: 1e9 },
  },
  {
    units: [
      { name: 'n*GCU', aliases: ['nanogcu'], factor: 1e-9 },
      { name: 'u*GCU', aliases: ['microgcu'], factor: 1e-6 },
      { name: 'm*GCU', aliases: ['milligcu'], factor: 1e-3 },
      { name: 'GCU', aliases: ['gcu'], factor: 1 },
      { name: 'k*GCU', aliases: ['kilogcu'], factor: 1e3 },
      { name: 'M*GCU', aliases: ['megagcu'], factor: 1e6 },
      { name: 'G*GCU', aliases: ['gigagcu'], factor: 1e9 },
      { name: 'T*GCU', aliases: ['teragcu'], factor: 1e12 },
      { name: 'P*GCU', aliases: ['petagcu'], factor: 1e15 },
    ],
    defaultUnit: { name: 'GCU', aliases: [], factor: 1 },
  },
];

/** The unit a name stands for: case-insensitive, a plural `s` dropped from names longer than 2 bytes. */
function sniffUnit(ut: UnitType, unit: string): Unit | undefined {
  let u = unit.toLowerCase();
  if (Buffer.byteLength(u) > 2 && u.endsWith('s')) u = u.slice(0, -1);
  return ut.units.find((x) => x.aliases.includes(u));
}

function autoScale(ut: UnitType, value: number): [number, string] | undefined {
  let f = 0;
  let unit = '';
  for (const u of ut.units) {
    if (u.factor >= f && value / u.factor >= 1) {
      f = u.factor;
      unit = u.name;
    }
  }
  return f === 0 ? undefined : [value / f, unit];
}

/**
 * A value in `fromUnit` expressed in `toUnit` ("auto"/"minimum": the largest unit that keeps it at
 * least 1); units pprof does not know come back unscaled (and counts without a unit).
 */
export function scale(value: number, fromUnit: string, toUnit: string): [number, string] {
  if (value < 0) {
    const [v, u] = scale(-value, fromUnit, toUnit);
    return [-v, u];
  }
  for (const ut of UNIT_TYPES) {
    const from = sniffUnit(ut, fromUnit);
    if (!from) continue;
    const v = value * from.factor;
    if (toUnit === 'minimum' || toUnit === 'auto') {
      const auto = autoScale(ut, v);
      if (auto) return auto;
      return [v / ut.defaultUnit.factor, ut.defaultUnit.name];
    }
    const to = sniffUnit(ut, toUnit);
    if (!to) return [v / ut.defaultUnit.factor, ut.defaultUnit.name];
    return [v / to.factor, to.name];
  }
  if (['count', 'sample', 'unit', 'minimum', 'auto'].includes(toUnit)) return [value, ''];
  return [value, toUnit];
}

/** A value as pprof labels it: scaled, two decimals unless they are `.00`, `0` for nothing. */
export function scaledLabel(value: number, fromUnit: string, toUnit: string): string {
  const [v, u] = scale(value, fromUnit, toUnit);
  const text = goFixed(v, 2).replace(/\.00$/, '');
  return text === '0' || text === '-0' ? '0' : `${text}${u}`;
}

/** pprof's percentage column: `  100%` near 100, `%5.2f%%` from 1 up, `%5.2g%%` below. */
export function percentage(value: number, total: number): string {
  const ratio = total !== 0 ? Math.abs(value / total) * 100 : 0;
  if (ratio >= 99.95 && ratio <= 100.05) return '  100%';
  if (ratio >= 1) return `${goFixed(ratio, 2).padStart(5)}%`;
  return `${goG(ratio, 2).padStart(5)}%`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The time zone to print in: TZ as Go reads it (unset: the local zone, empty: UTC), if the platform knows it. */
export function timeZoneFromEnv(tz: string | undefined): string | undefined {
  if (tz === undefined) return undefined;
  const name = tz === '' ? 'UTC' : tz.replace(/^:/, '');
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return name;
  } catch {
    return undefined;
  }
}

/** Go's `Jan 2, 2006 at 3:04pm (MST)`, in the given IANA zone (default: the local one). */
export function goTimeLabel(ms: number, timeZone?: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: '2-digit', hour12: true, timeZoneName: 'short' })
      .formatToParts(new Date(ms))
      .map((p) => [p.type, p.value]),
  );
  let zone = parts.timeZoneName ?? 'UTC';
  // zones without an abbreviation: Go prints the offset as -0700 / +03
  const off = /^GMT([+-])(\d{1,2})(?::(\d{2}))?$/.exec(zone);
  if (off) zone = `${off[1]}${off[2].padStart(2, '0')}${off[3] ?? ''}`;
  return `${MONTHS[Number(parts.month) - 1]} ${parts.day}, ${parts.year} at ${parts.hour}:${parts.minute}${(parts.dayPeriod ?? '').toLowerCase()} (${zone})`;
}
