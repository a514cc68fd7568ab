// Reads a response body (already JSON-parsed) without trusting it: whatever arrives, the answer is one of three
// shapes and nothing throws. `Error` present means failure whatever the HTTP status said (§1.3).
import type { ApiErrorBody, ResponseMetadata } from '../spec.js';

export type ParsedEnvelope =
  | { kind: 'success'; metadata: ResponseMetadata; result: unknown }
  | { kind: 'error'; metadata: ResponseMetadata; error: ApiErrorBody }
  | { kind: 'malformed'; reason: string };

const META_FIELDS = ['RequestId', 'Action', 'Version', 'Service', 'Region'] as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function parseEnvelope(value: unknown): ParsedEnvelope {
  if (!isRecord(value)) return { kind: 'malformed', reason: 'the body is not a JSON object' };
  const raw = value.ResponseMetadata;
  if (!isRecord(raw)) return { kind: 'malformed', reason: 'ResponseMetadata is missing or not an object' };
  // A gateway error may come before the action is known; absent fields read as empty, present ones must be strings.
  const metadata = {} as ResponseMetadata;
  for (const key of META_FIELDS) {
    const v = raw[key];
    if (v !== undefined && typeof v !== 'string') {
      return { kind: 'malformed', reason: `ResponseMetadata.${key} is not a string` };
    }
    metadata[key] = v ?? '';
  }
  const rawError = raw.Error;
  if (rawError === undefined || rawError === null) {
    return { kind: 'success', metadata, result: value.Result };
  }
  if (!isRecord(rawError)) return { kind: 'malformed', reason: 'ResponseMetadata.Error is not an object' };
  if (typeof rawError.Code !== 'string' || rawError.Code === '') {
    return { kind: 'malformed', reason: 'ResponseMetadata.Error.Code is missing or not a string' };
  }
  if (rawError.Message !== undefined && typeof rawError.Message !== 'string') {
    return { kind: 'malformed', reason: 'ResponseMetadata.Error.Message is not a string' };
  }
  if (rawError.CodeN !== undefined && rawError.CodeN !== null && typeof rawError.CodeN !== 'number') {
    return { kind: 'malformed', reason: 'ResponseMetadata.Error.CodeN is not a number' };
  }
  const error: ApiErrorBody = { Code: rawError.Code, Message: (rawError.Message as string | undefined) ?? '' };
  if (typeof rawError.CodeN === 'number') error.CodeN = rawError.CodeN;
  metadata.Error = error;
  return { kind: 'error', metadata, error };
}
