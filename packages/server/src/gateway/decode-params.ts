import { coerceQueryParams, type ActionSpec } from '@rtc-openapi/api';
import { ApiError } from '../errors/api-error.js';
import type { ApiRequest } from './api-request.js';
import type { QueryParams } from './query-params.js';
import { clip } from './resolve-action.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Query keys that belong to the protocol (common parameters and presigned-URL signing), not to the action. */
export const PROTOCOL_QUERY_KEYS: ReadonlySet<string> = new Set([
  'Action',
  'Version',
  'X-Algorithm',
  'X-Credential',
  'X-Date',
  'X-Expires',
  'X-NotSignBody',
  'X-SignedHeaders',
  'X-SignedQueries',
  'X-Signature',
  'X-Security-Token',
]);

/**
 * The first half of the validate stage: the action's params as a value, from the query (GET actions and the few
 * POST actions with query params, section 1.1) or from a JSON body. Types are checked later against the schema.
 */
export function decodeParams(request: ApiRequest, spec: ActionSpec): Record<string, unknown> {
  assertQueryIsUtf8(request.url);
  if (spec.paramsIn === 'query') return decodeQuery(request.query, spec);
  // A body is needed only where the action takes params: the four that take none (e.g. GetResourcePackNum) may be
  // called with no body at all, as their SDK calls do.
  if (request.body.length === 0 && Object.keys(spec.params.properties).length === 0) return {};
  return decodeBody(request);
}

/**
 * coerceQueryParams reads only the schema's own fields, and no action takes a param named like a protocol key (a test
 * holds the catalog to that), so the query goes in whole: the protocol keys are simply not read.
 */
function decodeQuery(query: QueryParams, spec: ActionSpec): Record<string, unknown> {
  const coerced = coerceQueryParams(spec, query);
  if ('issue' in coerced) throw new ApiError(coerced.issue.code, coerced.issue.message);
  return coerced.params;
}

function decodeBody(request: ApiRequest): Record<string, unknown> {
  if (request.body.length === 0) {
    throw new ApiError('InvalidParameter.BodyIsEmpty', 'the request body is empty; send the params as a JSON object');
  }
  const contentType = request.headers['content-type'];
  const mediaType = contentType?.split(';', 1)[0]!.trim().toLowerCase();
  if (mediaType !== 'application/json') {
    throw new ApiError(
      'InvalidParameter',
      `Content-Type must be application/json, got ${contentType === undefined ? 'none' : clip(contentType)}`,
    );
  }
  let text: string;
  try {
    text = utf8.decode(request.body);
  } catch {
    throw new ApiError('InvalidParameter', 'the request body is not valid UTF-8');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ApiError('InvalidParameter.Unmarshal', `the request body is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ApiError('InvalidParameter.Unmarshal', 'the request body must be a JSON object');
  }
  return value as Record<string, unknown>;
}

/** URLSearchParams quietly turns broken percent-escapes into U+FFFD; the service refuses them instead. */
function assertQueryIsUtf8(url: string): void {
  const at = url.indexOf('?');
  if (at < 0 || !url.includes('%', at)) return;
  for (const pair of url.slice(at + 1).split('&')) {
    if (!pair.includes('%')) continue;
    try {
      decodeURIComponent(pair.replace(/\+/g, ' '));
    } catch {
      const key = pair.split('=', 1)[0]!;
      throw new ApiError(
        'InvalidParameter',
        `the query parameter ${clip(safeKey(key))} is not valid percent-encoded UTF-8`,
      );
    }
  }
}

function safeKey(key: string): string {
  try {
    return decodeURIComponent(key.replace(/\+/g, ' '));
  } catch {
    return key;
  }
}
