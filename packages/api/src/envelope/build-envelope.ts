// The envelope every response travels in (catalog §1.3, §6).
import { RtcArgumentError } from '../errors/rtc-argument-error.js';
import type { ApiErrorBody, Envelope, ResponseMetadata } from '../spec.js';

/** The metadata of a response, without Error (the builders add it). */
export type EnvelopeMeta = Omit<ResponseMetadata, 'Error'>;

const META_FIELDS = ['RequestId', 'Action', 'Version', 'Service', 'Region'] as const;

function checkMeta(meta: unknown): EnvelopeMeta {
  if (typeof meta !== 'object' || meta === null) throw new RtcArgumentError('meta', 'expected a metadata object');
  const m = meta as Record<string, unknown>;
  for (const key of META_FIELDS) {
    if (typeof m[key] !== 'string') throw new RtcArgumentError(`meta.${key}`, 'expected a string');
  }
  return {
    RequestId: m.RequestId,
    Action: m.Action,
    Version: m.Version,
    Service: m.Service,
    Region: m.Region,
  } as EnvelopeMeta;
}

export function buildSuccessEnvelope<R>(meta: EnvelopeMeta, result: R): Envelope<R> {
  return { ResponseMetadata: checkMeta(meta), Result: result };
}

/** An error envelope; Result is left out (the real service sends it absent, `{}` or null depending on the action). */
export function buildErrorEnvelope(meta: EnvelopeMeta, error: ApiErrorBody): Envelope<never> {
  const metadata = checkMeta(meta);
  if (typeof error !== 'object' || error === null) throw new RtcArgumentError('error', 'expected an error body');
  if (typeof error.Code !== 'string' || error.Code === '')
    throw new RtcArgumentError('error.Code', 'expected a non-empty string');
  if (typeof error.Message !== 'string') throw new RtcArgumentError('error.Message', 'expected a string');
  if (error.CodeN !== undefined && !Number.isInteger(error.CodeN)) {
    throw new RtcArgumentError('error.CodeN', 'expected an integer');
  }
  const body: ApiErrorBody = { Code: error.Code, Message: error.Message };
  if (error.CodeN !== undefined) body.CodeN = error.CodeN;
  return { ResponseMetadata: { ...metadata, Error: body } };
}
