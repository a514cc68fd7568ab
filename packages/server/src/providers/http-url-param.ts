import { ApiError } from '../errors/api-error.js';

/**
 * A param that must be an absolute http(s) URL (a page, a callback receiver), of at most `maxLength` characters;
 * InvalidParameter naming `field` otherwise.
 */
export function httpUrlParam(raw: string, field: string, maxLength = Number.POSITIVE_INFINITY): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ApiError('InvalidParameter', `${field} must be an absolute http or https URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ApiError('InvalidParameter', `${field} must be an absolute http or https URL`);
  }
  if (raw.length > maxLength)
    throw new ApiError('InvalidParameter', `${field} must be at most ${maxLength} characters`);
  return url;
}
