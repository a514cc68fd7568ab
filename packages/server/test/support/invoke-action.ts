// Calls an action the way the gateway does after the signature, the budget and the body are dealt with: the real
// authorize, validate and handler stages over an action table built from providers.
import type { ActionSpec } from '@rtc-openapi/api';
import { ApiError } from '../../src/errors/api-error.js';
import type { ApiRequest } from '../../src/gateway/api-request.js';
import { API_STAGES, runStages, type ApiCall, type GatewayDeps } from '../../src/gateway/api-stages.js';
import type { IdentityGate, OwnedApp, Principal } from '../../src/identity/principal.js';
import type { ActionTable } from '../../src/providers/action-table.js';
import type { HandlerOutbox } from '../../src/providers/provider.js';

const STAGES_AFTER_DECODE = API_STAGES.filter((s) => ['authorize', 'validate', 'handler'].includes(s.name));

export interface InvokeDeps {
  actions: ActionTable;
  identity: Pick<IdentityGate, 'authorize'>;
  /** The handlers' ctx.events and ctx.transaction. */
  outbox?: HandlerOutbox;
}

/** The Result of the call, or the ApiError a stage threw. */
export async function invokeAction(
  deps: InvokeDeps,
  spec: ActionSpec,
  params: Record<string, unknown>,
  principal: Principal,
  nowMs = Date.now(),
): Promise<unknown> {
  const request = { requestId: 'test', receivedAtMs: nowMs } as ApiRequest;
  const call: ApiCall = {
    request,
    meta: { requestId: 'test', action: spec.action, version: spec.version, region: 'cn-north-1' },
    spec,
    principal,
    params,
  };
  await runStages(STAGES_AFTER_DECODE, call, deps as GatewayDeps);
  return call.result;
}

/** An authorize stage that checks only the app's owner, for tests that keep their apps in a map. */
export function ownerCheck(ownerOf: (appId: string) => string | undefined): Pick<IdentityGate, 'authorize'> {
  return {
    authorize(principal, _action, appId): OwnedApp | undefined {
      if (appId === undefined) return undefined;
      const owner = ownerOf(appId);
      if (owner === undefined) throw new ApiError('InvalidParameter.NotExistAppId', `AppId ${appId} does not exist`);
      if (owner !== principal.accountId) throw new ApiError('InvalidParameter.AccountIdMismatch', 'Check owner failed');
      return { appId, accountId: owner };
    },
  };
}
