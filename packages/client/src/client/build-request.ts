import type { ActionSpec } from '@rtc-openapi/api';
import { signRequest } from '@rtc-openapi/signer';
import { userAgent } from '../version.js';
import type { ClientConfig } from './client-options.js';

export interface BuiltRequest {
  method: 'GET' | 'POST';
  /** Path and canonical query, ready for the wire. */
  path: string;
  headers: Record<string, string>;
  body: string | undefined;
  /** Kept to explain a SignatureDoesNotMatch; neither contains a secret. */
  canonicalRequest: string;
  stringToSign: string;
}

type QueryValue = string | number | boolean | readonly (string | number | boolean)[];

/** Puts the params where the catalog says (query or JSON body) and signs the request. */
export function buildRequest(
  spec: Pick<ActionSpec, 'action' | 'version' | 'method' | 'paramsIn'>,
  params: Readonly<Record<string, unknown>>,
  config: ClientConfig,
  date?: Date,
): BuiltRequest {
  const query: Record<string, QueryValue> = { Action: spec.action, Version: spec.version };
  const headers: Record<string, string> = { host: config.host };
  let body: string | undefined;
  if (spec.paramsIn === 'query') {
    for (const key in params) {
      const value = toQueryValue(params[key]);
      if (value !== undefined && key !== 'Action' && key !== 'Version') query[key] = value;
    }
  }
  if (spec.method === 'POST') {
    headers['content-type'] = 'application/json';
    body = spec.paramsIn === 'body' ? JSON.stringify(params) : '';
  }
  const signed = signRequest(
    { method: spec.method, path: config.path, query, headers, body },
    config.credentials,
    date === undefined ? { region: config.region, service: 'rtc' } : { region: config.region, service: 'rtc', date },
  );
  signed.headers['user-agent'] = userAgent;
  signed.headers.accept = 'application/json';
  return {
    method: spec.method,
    path: `${config.path}?${signed.queryString}`,
    headers: signed.headers,
    body,
    canonicalRequest: signed.canonicalRequest,
    stringToSign: signed.stringToSign,
  };
}

// GET parameters are flat in the catalog; a nested value (none catalogued today) travels as JSON text.
function toQueryValue(value: unknown): QueryValue | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value) && value.every((v) => ['string', 'number', 'boolean'].includes(typeof v))) {
    return value as readonly (string | number | boolean)[];
  }
  return JSON.stringify(value);
}
