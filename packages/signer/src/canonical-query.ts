import type { QueryInput } from './types.js';
import { SignerArgumentError } from './signer-argument-error.js';
import { encodeRfc3986 } from './uri-encode.js';

/** One query parameter, its raw (decoded) key kept for sorting, key and value RFC 3986-encoded. */
export interface EncodedParam {
  rawKey: string;
  key: string;
  value: string;
}

type Scalar = string | number | boolean;

function scalarToString(value: unknown, field: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new SignerArgumentError(field, 'must be a finite number');
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  throw new SignerArgumentError(field, 'must be a string, number or boolean');
}

function checkKey(key: unknown, field: string): string {
  if (typeof key !== 'string' || key.length === 0) throw new SignerArgumentError(field, 'must be a non-empty string');
  return key;
}

const byRawKey = (a: EncodedParam, b: EncodedParam): number => (a.rawKey < b.rawKey ? -1 : a.rawKey > b.rawKey ? 1 : 0);

/**
 * The caller's query as sorted, encoded parameters. Sorting is by the raw key (UTF-16 code units, like the official
 * SDKs; catalog 1.2 step 2) and stable. Repeated keys: a record's array values are sorted after encoding, as the
 * official Node SDK signs them (vector `get_repeated_keys`); a list of pairs or URLSearchParams keeps the caller's
 * order, as the Go, Java and Python SDKs do. Either way the query string returned to the caller is the one signed,
 * so what goes on the wire always verifies.
 */
export function encodeQueryInput(query: QueryInput | undefined): EncodedParam[] {
  if (query === undefined || query === null) return [];
  const params: EncodedParam[] = [];
  if (query instanceof URLSearchParams || Array.isArray(query)) {
    const pairs: Iterable<readonly [unknown, unknown]> =
      query instanceof URLSearchParams ? query : (query as ReadonlyArray<readonly [unknown, unknown]>);
    let i = 0;
    for (const pair of pairs) {
      const field = `request.query[${i++}]`;
      if (!Array.isArray(pair) || pair.length !== 2)
        throw new SignerArgumentError(field, 'must be a [key, value] pair');
      const rawKey = checkKey(pair[0], `${field}[0]`);
      const value = scalarToString(pair[1], `${field}[1]`);
      params.push({ rawKey, key: encodeRfc3986(rawKey, `${field}[0]`), value: encodeRfc3986(value, `${field}[1]`) });
    }
    return params.sort(byRawKey);
  }
  if (typeof query !== 'object')
    throw new SignerArgumentError('request.query', 'must be a record, a list of pairs or URLSearchParams');
  const record = query as Readonly<Record<string, Scalar | undefined | null | readonly Scalar[]>>;
  const keys = Object.keys(record).sort();
  for (const rawKey of keys) {
    const field = `request.query.${rawKey}`;
    const value = record[rawKey];
    if (value === undefined || value === null) continue;
    checkKey(rawKey, 'request.query');
    const key = encodeRfc3986(rawKey, field);
    if (Array.isArray(value)) {
      const encoded = value.map((v, i) => encodeRfc3986(scalarToString(v, `${field}[${i}]`), `${field}[${i}]`)).sort();
      for (const v of encoded) params.push({ rawKey, key, value: v });
    } else {
      params.push({ rawKey, key, value: encodeRfc3986(scalarToString(value, field), field) });
    }
  }
  return params;
}

export function joinQuery(params: readonly EncodedParam[]): string {
  let out = '';
  for (let i = 0; i < params.length; i++) {
    const p = params[i]!;
    out += i === 0 ? `${p.key}=${p.value}` : `&${p.key}=${p.value}`;
  }
  return out;
}
