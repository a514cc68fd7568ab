import type { VerifiableRequest } from './types.js';

export type ReceivedHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

const HAS_UPPER = /[A-Z]/;

/** node:http gives lower-case names; accept any case from other callers. */
export function lowerCaseHeaders(headers: VerifiableRequest['headers']): ReceivedHeaders {
  for (const name in headers) {
    if (HAS_UPPER.test(name)) {
      // No prototype: a header named __proto__ or constructor stays a plain entry.
      const out: Record<string, string | readonly string[] | undefined> = Object.create(null);
      for (const [n, v] of Object.entries(headers)) out[n.toLowerCase()] = v;
      return out;
    }
  }
  return headers;
}

/** One header's value; repeated headers are joined the way node:http joins them. */
export function headerValue(headers: ReceivedHeaders, name: string): string | undefined {
  const value = headers[name];
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.join(', ');
  return undefined;
}

/** Splits `path?query`; an absolute-form target (`http://host/path?q`, from proxies) is reduced to its path. */
export function splitTarget(url: string): { path: string; query: string } {
  let target = url;
  if (!target.startsWith('/')) {
    const scheme = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/?#]*/.exec(target);
    if (scheme) target = target.slice(scheme[0].length);
  }
  const hash = target.indexOf('#');
  if (hash >= 0) target = target.slice(0, hash);
  const q = target.indexOf('?');
  const path = q < 0 ? target : target.slice(0, q);
  return { path: path === '' ? '/' : path, query: q < 0 ? '' : target.slice(q + 1) };
}
