import { SCOPE_TERMINATOR } from './scheme.js';
import { fail, quote, type VerifyFailure } from './verify-failure.js';

export interface ParsedCredential {
  accessKeyId: string;
  shortDate: string;
  region: string;
  service: string;
  scope: string;
}

const SHORT_DATE = /^\d{8}$/;
const SCOPE_PART = /^[A-Za-z0-9\-_.]+$/;

// A client sends the same credential all day; parse each once (bounded, cleared when full).
const cache = new Map<string, ParsedCredential | VerifyFailure>();
const MAX_CACHED = 1024;

/** `AK/YYYYMMDD/region/service/request`, from the Authorization header or the X-Credential query parameter. */
export function parseCredential(value: string): ParsedCredential | VerifyFailure {
  const cached = cache.get(value);
  if (cached !== undefined) return cached;
  const parsed = parse(value);
  if (cache.size >= MAX_CACHED) cache.clear();
  if (value.length <= 512) cache.set(value, Object.freeze(parsed));
  return parsed;
}

function parse(value: string): ParsedCredential | VerifyFailure {
  const parts = value.split('/');
  if (parts.length !== 5) {
    return fail('InvalidCredential', 'Credential must be AccessKeyId/YYYYMMDD/region/service/request');
  }
  const [accessKeyId, shortDate, region, service, terminator] = parts as [string, string, string, string, string];
  if (accessKeyId.length === 0) return fail('InvalidCredential', 'Credential has an empty access key id');
  if (!SHORT_DATE.test(shortDate))
    return fail('InvalidCredential', `Credential date ${quote(shortDate)} is not YYYYMMDD`);
  if (!SCOPE_PART.test(region)) return fail('InvalidCredential', `Credential region ${quote(region)} is not valid`);
  if (!SCOPE_PART.test(service)) return fail('InvalidCredential', `Credential service ${quote(service)} is not valid`);
  if (terminator !== SCOPE_TERMINATOR) {
    return fail('InvalidCredential', `Credential scope must end with "${SCOPE_TERMINATOR}", not ${quote(terminator)}`);
  }
  return { accessKeyId, shortDate, region, service, scope: `${shortDate}/${region}/${service}/${terminator}` };
}
