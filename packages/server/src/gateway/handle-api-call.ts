import type { ActionSpec } from '@rtc-openapi/api';
import type { ActionHandlers } from '../actions/action-handler.js';
import type { IdentityGate, Principal } from '../identity/principal.js';
import type { AccountLimits } from '../limits/account-limits.js';
import type { RateLimiter } from '../limits/rate-limiter.js';
import type { ApiRequest } from './api-request.js';
import { authenticate } from './authenticate.js';
import { authorize } from './authorize.js';
import { credentialRegion } from './credential-region.js';
import { decodeParams } from './decode-params.js';
import { dispatch } from './dispatch.js';
import { renderError, renderSuccess, type RenderedResponse } from './render-envelope.js';
import { clip, resolveAction } from './resolve-action.js';
import { throttle } from './throttle.js';
import { validate } from './validate.js';

export interface GatewayDeps {
  identity: Pick<IdentityGate, 'authorize' | 'resolveAccessKey'>;
  limits: AccountLimits;
  limiter: RateLimiter;
  handlers: ActionHandlers;
}

/** The answer to one API call, with what the log line, the metrics and the audit trail need to know about it. */
export interface ApiCallOutcome {
  response: RenderedResponse;
  /** The catalog entry, once the protocol stage found one. */
  spec?: ActionSpec;
  principal?: Principal;
}

/**
 * One API call through the stages of ARCHITECTURE.md: protocol, authenticate, throttle, decode, authorize,
 * validate, handler, envelope. Throttling comes before the stages that read the database (AppId ownership, the
 * handler) so that a caller over its budget costs the server nothing but a signature check. Never throws.
 */
export async function handleApiCall(request: ApiRequest, deps: GatewayDeps): Promise<ApiCallOutcome> {
  const meta = {
    requestId: request.requestId,
    action: clip(request.query.get('Action') ?? '', 128),
    version: clip(request.query.get('Version') ?? '', 32),
    region: '',
  };
  let spec: ActionSpec | undefined;
  let principal: Principal | undefined;
  try {
    spec = resolveAction(request.method, request.query);
    const authenticated = await authenticate(request, deps.identity);
    principal = authenticated.principal;
    meta.region = authenticated.region;
    await throttle(principal.accountId, spec, deps.limits, deps.limiter, request.receivedAtMs);
    const params = decodeParams(request, spec);
    await authorize(deps.identity, principal, spec, params);
    validate(spec, params);
    const result = await dispatch(deps.handlers, params, {
      requestId: request.requestId,
      principal,
      spec,
      region: meta.region,
      now: new Date(request.receivedAtMs),
    });
    return { response: renderSuccess(meta, result), spec, principal };
  } catch (error) {
    // Before a verified signature, the region is read (untrusted) from the credential scope, as the service does.
    if (meta.region === '') meta.region = credentialRegion(firstHeader(request.headers.authorization), request.query);
    return { response: renderError(meta, error), ...(spec && { spec }), ...(principal && { principal }) };
  }
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
