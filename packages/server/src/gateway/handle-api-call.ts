import type { ActionSpec } from '@rtc-openapi/api';
import type { Awaitable } from '../awaitable.js';
import type { Principal } from '../identity/principal.js';
import type { ApiRequest } from './api-request.js';
import { API_STAGES, runStages, type ApiCall, type ApiStage, type GatewayDeps } from './api-stages.js';
import { credentialRegion } from './credential-region.js';
import { renderError, renderSuccess, type RenderedResponse } from './render-envelope.js';
import { clip } from './resolve-action.js';

export type { GatewayDeps } from './api-stages.js';

/** The answer to one API call, with what the log line, the metrics and the audit trail need to know about it. */
export interface ApiCallOutcome {
  response: RenderedResponse;
  /** The catalog entry, once the protocol stage found one. */
  spec: ActionSpec | undefined;
  /** The caller, once the signature was verified. */
  principal: Principal | undefined;
}

/**
 * One API call through the stages (API_STAGES, or a wrapped copy of them: the gateway bench times each stage that
 * way). A stage's failure, thrown or rejected, becomes the answer: this never throws and never rejects.
 */
export function handleApiCall(
  request: ApiRequest,
  deps: GatewayDeps,
  stages: readonly ApiStage[] = API_STAGES,
): Awaitable<ApiCallOutcome> {
  const call: ApiCall = {
    request,
    meta: {
      requestId: request.requestId,
      action: clip(request.query.get('Action') ?? '', 128),
      version: clip(request.query.get('Version') ?? '', 32),
      region: '',
    },
  };
  try {
    const done = runStages(stages, call, deps);
    if (done instanceof Promise) {
      // A Result that cannot be rendered fails the call like a stage would.
      return done.then(() => succeeded(call)).catch((error: unknown) => failed(call, error));
    }
    return succeeded(call);
  } catch (error) {
    return failed(call, error);
  }
}

function succeeded(call: ApiCall): ApiCallOutcome {
  return outcome(call, renderSuccess(call.meta, call.result));
}

function failed(call: ApiCall, error: unknown): ApiCallOutcome {
  // Before a verified signature, the region is read (untrusted) from the credential scope, as the service does.
  if (call.meta.region === '') {
    call.meta.region = credentialRegion(firstHeader(call.request.headers.authorization), call.request.query);
  }
  return outcome(call, renderError(call.meta, error));
}

function outcome(call: ApiCall, response: RenderedResponse): ApiCallOutcome {
  return { response, spec: call.spec, principal: call.principal };
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
