import { verifyRequestEagerly } from '@rtc-openapi/signer';
import { whenReady, type Awaitable } from '../awaitable.js';
import type { IdentityGate, Principal, ResolvedAccessKey } from '../identity/principal.js';
import { ApiError } from '../errors/api-error.js';
import type { ApiRequest } from './api-request.js';

export interface Authenticated {
  principal: Principal;
  /** The region of the credential scope: it goes back in ResponseMetadata.Region. */
  region: string;
}

/**
 * The authenticate stage: the signer's verifier decides (header or presigned-query signatures, every official SDK's
 * way of signing), with the secret looked up through identity (which caches it, known or not, briefly). The
 * verifier's codes are the gateway's codes.
 */
export function authenticate(
  request: ApiRequest,
  identity: Pick<IdentityGate, 'resolveAccessKey'>,
): Awaitable<Authenticated> {
  let resolved = undefined as ResolvedAccessKey | undefined; // set by lookupSecret; `as` keeps TS from narrowing it
  const verified = verifyRequestEagerly(
    { method: request.method, url: request.url, headers: request.headers, body: request.body },
    {
      now: request.receivedAtMs,
      service: 'rtc',
      lookupSecret: (accessKeyId) =>
        whenReady(identity.resolveAccessKey(accessKeyId), (key) => {
          resolved = key;
          return key?.secretAccessKey;
        }),
    },
  );
  return whenReady(verified, (result) => {
    if (!result.ok) throw new ApiError(result.code, result.message);
    if (!resolved) throw new ApiError('InvalidAccessKey', 'the access key is unknown or disabled');
    // A temporary key's session token, checked only once the signature proved the secret (InvalidSecretToken).
    resolved.checkSessionToken?.(result.sessionToken, request.receivedAtMs);
    return { principal: resolved.principal, region: result.region };
  });
}
