import { errorInfo, parseEnvelope, retryClassOf } from '@rtc-openapi/api';
import { RtcApiError } from '../errors/rtc-api-error.js';
import { RtcMalformedResponseError } from '../errors/transport-errors.js';
import { retryAfterMs } from '../retry/retry-policy.js';
import type { HttpResponse } from '../transport/http-transport.js';
import type { BuiltRequest } from './build-request.js';

export interface Target {
  action: string;
  version: string;
}

/**
 * The Result of a successful call, or the failure as an error. A status other than 200 is a failure even with a
 * success-looking body; a 200 is a failure when ResponseMetadata.Error is present (catalog section 1.3).
 */
export function readResponse(
  response: HttpResponse,
  target: Target,
  request: BuiltRequest,
): { result: unknown; requestId: string } {
  let json: unknown;
  try {
    json = JSON.parse(response.body);
  } catch {
    throw new RtcMalformedResponseError(target, response.status, 'the body is not JSON', response.body);
  }
  const envelope = parseEnvelope(json);
  if (envelope.kind === 'malformed') {
    throw new RtcMalformedResponseError(target, response.status, envelope.reason, response.body);
  }
  if (envelope.kind === 'error') {
    const { error, metadata } = envelope;
    const signatureMismatch = error.Code === 'SignatureDoesNotMatch';
    throw new RtcApiError({
      code: error.Code,
      codeN: error.CodeN,
      serverMessage: error.Message,
      httpStatus: response.status,
      requestId: metadata.RequestId,
      action: target.action,
      version: target.version,
      retryClass: retryClassOf(error.Code),
      catalogued: errorInfo(error.Code) !== undefined,
      retryAfterMs: retryAfterMs(response.headers['retry-after']),
      canonicalRequest: signatureMismatch ? redactSessionToken(request.canonicalRequest) : undefined,
      stringToSign: signatureMismatch ? request.stringToSign : undefined,
    });
  }
  if (response.status !== 200) {
    throw new RtcMalformedResponseError(
      target,
      response.status,
      `HTTP ${response.status} with an envelope that carries no Error`,
      response.body,
    );
  }
  return { result: envelope.result, requestId: envelope.metadata.RequestId };
}

/**
 * The session token is a credential and is signed, so it appears in the canonical request; the copy kept on an
 * error shows that the line was there, not its value (the string to sign still hashes the real one).
 */
function redactSessionToken(canonicalRequest: string): string {
  return canonicalRequest.replace(/^x-security-token:.*$/m, 'x-security-token:<redacted>');
}
