import type { ActionSpec } from '@rtc-openapi/api';
import type { Awaitable } from '../awaitable.js';
import type { ActionHandlers } from '../actions/action-handler.js';
import type { IdentityGate, Principal } from '../identity/principal.js';
import type { AccountLimits } from '../limits/account-limits.js';
import type { RateLimiter } from '../limits/rate-limiter.js';
import type { ApiRequest } from './api-request.js';
import { authenticate, type Authenticated } from './authenticate.js';
import { authorize } from './authorize.js';
import { credentialRegion } from './credential-region.js';
import { decodeParams } from './decode-params.js';
import { dispatch } from './dispatch.js';
import { renderError, renderSuccess, type EnvelopeMeta, type RenderedResponse } from './render-envelope.js';
import { clip, resolveAction } from './resolve-action.js';
import { throttle, throttleByParams } from './throttle.js';
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
  spec: ActionSpec | undefined;
  /** The caller, once the signature was verified. */
  principal: Principal | undefined;
}

/**
 * One API call through the stages of ARCHITECTURE.md: protocol, authenticate, throttle, decode, authorize,
 * validate, handler, envelope. Throttling comes before the stages that read the database (AppId ownership, the
 * handler) so that a caller over its budget costs the server nothing but a signature check. Never throws, and
 * never rejects.
 *
 * Each stage answers at once when what it needs is in memory, and the call then runs start to end without leaving
 * the turn; a stage that answers with a promise (a cache miss, a networked store) suspends the call until it settles.
 */
export function handleApiCall(request: ApiRequest, deps: GatewayDeps): Awaitable<ApiCallOutcome> {
  return new ApiCall(request, deps).run();
}

class ApiCall {
  readonly meta: EnvelopeMeta;
  spec: ActionSpec | undefined;
  principal: Principal | undefined;

  constructor(
    readonly request: ApiRequest,
    readonly deps: GatewayDeps,
  ) {
    this.meta = {
      requestId: request.requestId,
      action: clip(request.query.get('Action') ?? '', 128),
      version: clip(request.query.get('Version') ?? '', 32),
      region: '',
    };
  }

  run(): Awaitable<ApiCallOutcome> {
    return this.step(undefined, () => {
      const spec = (this.spec = resolveAction(this.request.method, this.request.query));
      return this.step(authenticate(this.request, this.deps.identity), (caller) => this.authenticated(spec, caller));
    });
  }

  authenticated(spec: ActionSpec, { principal, region }: Authenticated): Awaitable<ApiCallOutcome> {
    this.principal = principal;
    this.meta.region = region;
    const { deps, request } = this;
    const now = request.receivedAtMs;
    return this.step(throttle(principal.accountId, spec, deps, now), () => {
      const params = decodeParams(request, spec);
      const limited = throttleByParams(principal.accountId, spec, params, deps, now);
      return this.step(limited, () => this.decoded(spec, principal, params));
    });
  }

  /** The stages after the params are read: authorize, validate, the handler, the envelope. */
  decoded(spec: ActionSpec, principal: Principal, params: Record<string, unknown>): Awaitable<ApiCallOutcome> {
    const { deps, request } = this;
    const region = this.meta.region;
    return this.step(authorize(deps.identity, principal, spec, params), () => {
      validate(spec, params);
      const now = new Date(request.receivedAtMs);
      const handled = dispatch(deps.handlers, params, { requestId: request.requestId, principal, spec, region, now });
      return this.step(handled, (result) => this.outcome(renderSuccess(this.meta, result)));
    });
  }

  /** Runs `next` with the value now, or when it arrives; a stage's failure, thrown or rejected, becomes the answer. */
  step<T>(value: Awaitable<T>, next: (value: T) => Awaitable<ApiCallOutcome>): Awaitable<ApiCallOutcome> {
    if (value instanceof Promise) {
      return value.then(
        (settled) => this.step(settled, next),
        (error: unknown) => this.failed(error),
      );
    }
    try {
      return next(value);
    } catch (error) {
      return this.failed(error);
    }
  }

  failed(error: unknown): ApiCallOutcome {
    // Before a verified signature, the region is read (untrusted) from the credential scope, as the service does.
    if (this.meta.region === '') {
      this.meta.region = credentialRegion(firstHeader(this.request.headers.authorization), this.request.query);
    }
    return this.outcome(renderError(this.meta, error));
  }

  outcome(response: RenderedResponse): ApiCallOutcome {
    return { response, spec: this.spec, principal: this.principal };
  }
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
