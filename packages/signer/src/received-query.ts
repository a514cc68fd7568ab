import { tryDecodeQueryComponent, tryEncodeRfc3986 } from './uri-encode.js';

/** A query parameter as received: decoded key and value, and both re-encoded the RFC 3986 way. */
export interface ReceivedParam {
  rawKey: string;
  rawValue: string;
  key: string;
  value: string;
  /** Sent without `=` (`?flag`): Java signs such a parameter without `=` too. */
  bare: boolean;
}

const UNRESERVED_ONLY = /^[A-Za-z0-9\-_.~]*$/;
const MAX_PARAMS = 1000;

export type ParsedQuery = { params: ReceivedParam[] } | { error: string };

/**
 * Splits a raw query (without `?`) into parameters. `+` is a space and percent-escapes are decoded, so that the
 * wire forms of every SDK (`%20` or `+`, `*` or `%2A`, `~` or `%7E`) canonicalise alike. (A query that is already
 * canonical never gets here on the verify path: `alreadyCanonicalQuery` answers it without parsing.)
 */
export function parseReceivedQuery(raw: string, plusIsSpace = true): ParsedQuery {
  const params: ReceivedParam[] = [];
  if (raw.length === 0) return { params };
  let start = 0;
  while (start <= raw.length) {
    let end = raw.indexOf('&', start);
    if (end < 0) end = raw.length;
    if (end > start) {
      if (params.length >= MAX_PARAMS) return { error: `query string has more than ${MAX_PARAMS} parameters` };
      const segment = raw.slice(start, end);
      const eq = segment.indexOf('=');
      const wireKey = eq < 0 ? segment : segment.slice(0, eq);
      const wireValue = eq < 0 ? '' : segment.slice(eq + 1);
      if (UNRESERVED_ONLY.test(wireKey) && UNRESERVED_ONLY.test(wireValue)) {
        params.push({ rawKey: wireKey, rawValue: wireValue, key: wireKey, value: wireValue, bare: eq < 0 });
      } else {
        const rawKey = tryDecodeQueryComponent(wireKey, plusIsSpace);
        const rawValue = tryDecodeQueryComponent(wireValue, plusIsSpace);
        if (rawKey === undefined || rawValue === undefined) {
          return { error: 'query string has invalid percent-encoding' };
        }
        params.push({
          rawKey,
          rawValue,
          key: tryEncodeRfc3986(rawKey) ?? '',
          value: tryEncodeRfc3986(rawValue) ?? '',
          bare: eq < 0,
        });
      }
    }
    start = end + 1;
  }
  return { params };
}

function join(params: readonly ReceivedParam[], bareWithoutEquals = false): string {
  let out = '';
  for (let i = 0; i < params.length; i++) {
    const p = params[i]!;
    const pair = bareWithoutEquals && p.bare ? p.key : `${p.key}=${p.value}`;
    out += i === 0 ? pair : `&${pair}`;
  }
  return out;
}

const compareRawKey = (a: ReceivedParam, b: ReceivedParam): number =>
  a.rawKey < b.rawKey ? -1 : a.rawKey > b.rawKey ? 1 : 0;
const compareEncodedKey = (a: ReceivedParam, b: ReceivedParam): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

function compareCodePoints(a: string, b: string): number {
  // UTF-8 byte order, which Go's sort.Strings uses; differs from UTF-16 order only around surrogates.
  const x = Array.from(a, (c) => c.codePointAt(0)!);
  const y = Array.from(b, (c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}

/**
 * The canonical query strings a genuine client may have signed for these parameters, most likely first. All SDKs
 * sort by the raw key and keep repeated keys in the order given (tried first); the official Node SDK sorts the
 * encoded values of a repeated key, sorted tuples sort the raw values; one Python SDK sorts by encoded key; Go compares UTF-8 bytes; Java signs a
 * parameter sent without `=` without `=`. Every candidate
 * covers exactly the same parameters, so trying them adds no room for forgery.
 */
export function canonicalQueryCandidates(params: readonly ReceivedParam[]): string[] {
  const byRawKey = [...params].sort(compareRawKey);
  const candidates = [join(byRawKey)];
  const add = (list: readonly ReceivedParam[]): void => {
    const joined = join(list);
    if (!candidates.includes(joined)) candidates.push(joined);
  };
  let repeated = false;
  let nonAscii = false;
  for (let i = 0; i < byRawKey.length; i++) {
    if (i > 0 && byRawKey[i]!.rawKey === byRawKey[i - 1]!.rawKey) repeated = true;
    if (/[^\x00-\x7f]/.test(byRawKey[i]!.rawKey)) nonAscii = true;
  }
  if (repeated) {
    // The Node SDK sorts a repeated key's encoded values; sorting (key, value) tuples, as Python does, sorts raw ones.
    add([...byRawKey].sort((a, b) => compareRawKey(a, b) || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0)));
    add(
      [...byRawKey].sort(
        (a, b) => compareRawKey(a, b) || (a.rawValue < b.rawValue ? -1 : a.rawValue > b.rawValue ? 1 : 0),
      ),
    );
  }
  if (nonAscii) {
    add([...params].sort(compareEncodedKey));
    add([...params].sort((a, b) => compareCodePoints(a.rawKey, b.rawKey)));
  }
  if (params.some((p) => p.bare)) {
    const joined = join(byRawKey, true);
    if (!candidates.includes(joined)) candidates.push(joined);
  }
  return candidates;
}

/** The canonical query almost every client signs: sorted by raw key, repeated keys in the order received. */
export function primaryCanonicalQuery(params: readonly ReceivedParam[]): string {
  return join([...params].sort(compareRawKey));
}

const SAFE_QUERY = /^[A-Za-z0-9\-_.~=&]*$/;

/**
 * The raw query itself when it is already canonical: only unreserved characters, every parameter `key=value`, keys
 * strictly increasing. That is what this package's clients and the official Node SDK send, so the common case needs
 * no parsing at all. Undefined otherwise.
 */
export function alreadyCanonicalQuery(raw: string): string | undefined {
  if (!SAFE_QUERY.test(raw) || raw.endsWith('&')) return undefined;
  let previousKey = '';
  let start = 0;
  while (start < raw.length) {
    let end = raw.indexOf('&', start);
    if (end < 0) end = raw.length;
    const eq = raw.indexOf('=', start);
    if (eq < 0 || eq >= end || eq === start) return undefined;
    const second = raw.indexOf('=', eq + 1);
    if (second >= 0 && second < end) return undefined;
    const key = raw.slice(start, eq);
    if (start > 0 && !(previousKey < key)) return undefined;
    previousKey = key;
    start = end + 1;
  }
  return raw;
}
