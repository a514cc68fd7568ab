/** What the gateway reads of a request's query. */
export interface QueryParams {
  /** The first value of `name`, or null. */
  get(name: string): string | null;
  /** Every value of `name`, in order. */
  getAll(name: string): string[];
}

/**
 * A percent-escape, a `+` (a space) or half a surrogate pair (which URLSearchParams replaces): any other character of
 * a query stands for itself.
 */
const NEEDS_DECODING = /[%+\uD800-\uDFFF]/;

/**
 * The query parameters of a raw query string (without `?`), exactly as URLSearchParams reads them. A query without
 * `%` or `+` (what the SDKs send for ids, actions and versions) is split where it stands: it needs no decoding, and
 * URLSearchParams' character-by-character parse was the largest part of the protocol stage. Anything else goes
 * through URLSearchParams itself.
 */
export function parseQuery(raw: string): QueryParams {
  if (NEEDS_DECODING.test(raw)) return new URLSearchParams(raw);
  // URLSearchParams drops one leading `?` (a target of `/??a=1` reads as `a=1`).
  return new PlainQuery(raw.charCodeAt(0) === 0x3f ? raw.slice(1) : raw);
}

class PlainQuery implements QueryParams {
  /** Name, value, name, value, ... in the order sent. */
  readonly #pairs: string[] = [];

  constructor(raw: string) {
    // The next `=` at or after the current piece (-1: none left). Found again only once a piece has passed it, so
    // that a long query of pieces without `=` is still read in one pass, not once per piece.
    let eq = raw.indexOf('=');
    let start = 0;
    while (start < raw.length) {
      let end = raw.indexOf('&', start);
      if (end < 0) end = raw.length;
      // Empty pieces (`a=1&&b=2`, a trailing `&`) are no parameter, as for URLSearchParams.
      if (end > start) {
        if (eq >= 0 && eq < start) eq = raw.indexOf('=', start);
        if (eq < 0 || eq > end) this.#pairs.push(raw.slice(start, end), '');
        else this.#pairs.push(raw.slice(start, eq), raw.slice(eq + 1, end));
      }
      start = end + 1;
    }
  }

  get(name: string): string | null {
    const pairs = this.#pairs;
    for (let i = 0; i < pairs.length; i += 2) if (pairs[i] === name) return pairs[i + 1]!;
    return null;
  }

  getAll(name: string): string[] {
    const values: string[] = [];
    const pairs = this.#pairs;
    for (let i = 0; i < pairs.length; i += 2) if (pairs[i] === name) values.push(pairs[i + 1]!);
    return values;
  }
}
