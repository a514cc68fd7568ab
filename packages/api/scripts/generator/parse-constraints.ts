// Reads field constraints out of the catalog's free-text `notes`. The notes are machine-rendered from SDK comments
// and are noisy ("values: 0 0 scale to region size", "max 4 kB; max length 4"), and a wrong constraint would make our
// server reject a request the real service accepts. So each rule below takes a constraint only in a form it can read
// without doubt, and drops it otherwise:
//
// - ID rule: a String (or each item of an Array of String) named like a catalog ID field, or whose notes quote the
//   ID pattern itself.
// - Integer enums, `values: 0 label; 1 label; ...`: every `;`-separated item must start with an integer followed by a
//   label that does not itself start with a digit, there must be two values or more (a lone `values: 0` is a truncated
//   SDK comment), and a documented default must be one of them. String enums are never enforced: their notes mix
//   values with translated labels ("values: 1d 1; 1h 1").
// - Ranges, `range [a,b]`, `(a,b]`, `[a,b)`, `{0,[a,b]}`: several ranges on one field (bitrates per codec) become
//   their envelope; a range is dropped when the notes say out-of-range values are raised or lowered (the service
//   clamps, it does not reject); a documented default outside the range is allowed too (`range [2,30]; default 0`
//   means 0 switches the check off).
// - `max N` on numbers is not enforced: the catalog documents page sizes as clamped to their maximum (§1.3).
// - String length: only `max N; max length N` with both numbers equal (`max 4 kB; max length 4` is a unit slip).
// - Defaults are recorded as documentation and never injected.

export const ID_FIELD_NAMES: ReadonlySet<string> = new Set([
  'BusinessId',
  'TaskId',
  'RoomId',
  'UserId',
  'From',
  'To',
  'PublicStreamId',
  'Identifier',
]);

const ID_PATTERN_IN_NOTES = '[a-zA-Z0-9_@\\-\\.]{1,128}';

export interface NumericRange {
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  /** Values allowed besides the interval, e.g. the 0 of `{0,[10,604800]}`. */
  alsoAllowed: number[];
}

export interface FieldConstraints {
  /** The ID rule applies (to each item for arrays). */
  id: boolean;
  enumValues?: number[];
  range?: NumericRange;
  maxLength?: number;
  default?: number | boolean;
  /** Constraints seen in the notes but deliberately not enforced, with the reason. */
  dropped: string[];
}

/** `Array of Integer` -> `Integer`; scalars unchanged. */
export function scalarType(type: string): string {
  const m = /^Array of (.+)$/.exec(type);
  return m ? m[1]! : type;
}

const NUM = '(-?\\d+(?:\\.\\d+)?)';
const INTERVAL = `([\\[(])\\s*${NUM}\\s*,\\s*${NUM}\\s*([\\])])`;

interface Interval {
  lo: number;
  hi: number;
  loOpen: boolean;
  hiOpen: boolean;
  extra: number[];
}

function parseRanges(notes: string): Interval[] | 'unreadable' | undefined {
  const found: Interval[] = [];
  const re = /range\s*(\{[^}]*\}|[[(][^\])]*[\])])/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(notes))) {
    const text = m[1]!;
    const set = new RegExp(`^\\{\\s*${NUM}\\s*,\\s*${INTERVAL}\\s*\\}$`).exec(text);
    const plain = new RegExp(`^${INTERVAL}$`).exec(text);
    if (set) {
      found.push({
        extra: [Number(set[1])],
        loOpen: set[2] === '(',
        lo: Number(set[3]),
        hi: Number(set[4]),
        hiOpen: set[5] === ')',
      });
    } else if (plain) {
      found.push({
        extra: [],
        loOpen: plain[1] === '(',
        lo: Number(plain[2]),
        hi: Number(plain[3]),
        hiOpen: plain[4] === ')',
      });
    } else {
      return 'unreadable';
    }
  }
  return found.length > 0 ? found : undefined;
}

function parseIntegerEnum(notes: string): number[] | 'unreadable' | undefined {
  const at = notes.indexOf('values:');
  if (at < 0) return undefined;
  const items = notes
    .slice(at + 'values:'.length)
    .split(';')
    .map((s) => s.trim());
  const values: number[] = [];
  for (const item of items) {
    const m = /^(-?\d+)(?:\s+(.*))?$/.exec(item);
    if (!m || (m[2] !== undefined && /^\d/.test(m[2]))) return 'unreadable';
    values.push(Number(m[1]));
  }
  if (values.length < 2 || new Set(values).size !== values.length) return 'unreadable';
  return values;
}

function parseDefault(scalar: string, notes: string): number | boolean | undefined {
  const found = new Set<string>();
  if (scalar === 'Integer' || scalar === 'Float') {
    for (const m of notes.matchAll(/\bdefault (-?\d+(?:\.\d+)?)(?![\w.])/g)) found.add(String(Number(m[1])));
    if (found.size !== 1) return undefined;
    const n = Number([...found][0]);
    return scalar === 'Integer' && !Number.isInteger(n) ? undefined : n;
  }
  if (scalar === 'Boolean') {
    for (const m of notes.matchAll(/\bdefault (true|false)\b/gi)) found.add(m[1]!.toLowerCase());
    return found.size === 1 ? [...found][0] === 'true' : undefined;
  }
  return undefined;
}

export function parseConstraints(field: { name: string; type: string; notes: string }): FieldConstraints {
  const scalar = scalarType(field.type);
  const notes = field.notes;
  const out: FieldConstraints = { id: false, dropped: [] };

  if (scalar === 'String' && (ID_FIELD_NAMES.has(field.name) || notes.includes(ID_PATTERN_IN_NOTES))) out.id = true;

  const isArray = scalar !== field.type;
  const dflt = isArray ? undefined : parseDefault(scalar, notes);
  if (dflt !== undefined) out.default = dflt;

  if (scalar === 'String') {
    const m = /\bmax (\d+); max length (\d+)\b/.exec(notes);
    if (m && m[1] === m[2]) out.maxLength = Number(m[1]);
    else if (/\bmax length\b/.test(notes)) out.dropped.push('max length: unit unclear');
    return out;
  }
  if (scalar !== 'Integer' && scalar !== 'Float') return out;

  if (scalar === 'Integer') {
    const values = parseIntegerEnum(notes);
    if (values === 'unreadable') out.dropped.push('values: not a clean integer list');
    else if (values && typeof dflt === 'number' && !values.includes(dflt)) {
      out.dropped.push('values: documented default is not among them');
    } else if (values) out.enumValues = values;
  }
  if (/\bmax \d+/.test(notes) && !/max length/.test(notes))
    out.dropped.push('max N on a number is not read as a bound (page sizes clamp, catalog §1.3)');

  const ranges = parseRanges(notes);
  if (ranges === 'unreadable') {
    out.dropped.push('range: unreadable');
  } else if (ranges && /raised|lowered|clamp/i.test(notes)) {
    out.dropped.push('range: out-of-range values are clamped, not rejected');
  } else if (ranges && scalar === 'Integer' && ranges.some((r) => ![r.lo, r.hi, ...r.extra].every(Number.isInteger))) {
    out.dropped.push('range: fractional bounds on an integer');
  } else if (ranges && out.enumValues) {
    // An enum is the tighter statement; keep it only when the range agrees with it.
    const inside = (v: number) => ranges.some((r) => inRange(r, v));
    if (!out.enumValues.every(inside)) {
      out.dropped.push('values: outside the documented range');
      delete out.enumValues;
    }
  } else if (ranges) {
    out.range = envelope(ranges, typeof dflt === 'number' ? dflt : undefined);
  }
  return out;
}

function inRange(r: Interval, v: number): boolean {
  if (r.extra.includes(v)) return true;
  const aboveLo = r.loOpen ? v > r.lo : v >= r.lo;
  const belowHi = r.hiOpen ? v < r.hi : v <= r.hi;
  return aboveLo && belowHi;
}

function envelope(ranges: Interval[], dflt: number | undefined): NumericRange {
  let lo = ranges[0]!;
  let hi = ranges[0]!;
  for (const r of ranges) {
    if (r.lo < lo.lo || (r.lo === lo.lo && !r.loOpen)) lo = r;
    if (r.hi > hi.hi || (r.hi === hi.hi && !r.hiOpen)) hi = r;
  }
  const range: NumericRange = { alsoAllowed: [] };
  if (lo.loOpen) range.exclusiveMinimum = lo.lo;
  else range.minimum = lo.lo;
  if (hi.hiOpen) range.exclusiveMaximum = hi.hi;
  else range.maximum = hi.hi;
  const whole: Interval = { lo: lo.lo, hi: hi.hi, loOpen: lo.loOpen, hiOpen: hi.hiOpen, extra: [] };
  const extras = new Set(ranges.flatMap((r) => r.extra));
  if (dflt !== undefined) extras.add(dflt);
  range.alsoAllowed = [...extras].filter((v) => !inRange(whole, v)).sort((a, b) => a - b);
  return range;
}
