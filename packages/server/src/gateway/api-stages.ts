import type { ActionSpec } from '@rtc-openapi/api';
import { whenReady, type Awaitable } from '../awaitable.js';
import type { IdentityGate, OwnedApp, Principal } from '../identity/principal.js';
import type { AccountLimits } from '../limits/account-limits.js';
import type { RateLimiter } from '../limits/rate-limiter.js';
import type { ActionTable } from '../providers/action-table.js';
import type { HandlerOutbox } from '../providers/provider.js';
import type { ApiRequest } from './api-request.js';
import { authenticate } from './authenticate.js';
import { authorize } from './authorize.js';
import { decodeParams } from './decode-params.js';
import type { EnvelopeMeta } from './render-envelope.js';
import { resolveAction } from './resolve-action.js';
import { throttle, throttleByParams } from './throttle.js';
import { validate } from './validate.js';

/** What the stages need from the rest of the server. */
export interface GatewayDeps {
  identity: Pick<IdentityGate, 'authorize' | 'resolveAccessKey'>;
  limits: AccountLimits;
  limiter: RateLimiter;
  /** The handler of every catalogued action-version, built at start-up (providers/action-table.ts). */
  actions: ActionTable;
  /** The handlers' `ctx.events` and `ctx.transaction`; a server without a database (stand-ins) refuses both. */
  outbox?: HandlerOutbox;
}

const NO_OUTBOX: HandlerOutbox = {
  events: {
    enqueue() {
      throw new Error('this server has no event outbox');
    },
  },
  transaction() {
    throw new Error('this server has no database to run a transaction in');
  },
};

/** One API call as the stages learn about it; each stage reads what earlier stages set and sets its own part. */
export interface ApiCall {
  readonly request: ApiRequest;
  readonly meta: EnvelopeMeta;
  /** Set by `protocol`. */
  spec?: ActionSpec;
  /** Set by `authenticate` (with `meta.region`). */
  principal?: Principal;
  /** Set by `decode`. */
  params?: Record<string, unknown>;
  /** Set by `authorize` when the params name an app. */
  app?: OwnedApp;
  /** Set by `handler`. */
  result?: unknown;
}

/** A named step of the request path. It answers at once when it can, or with a promise when it must wait. */
export interface ApiStage {
  readonly name: string;
  run(call: ApiCall, deps: GatewayDeps): Awaitable<void>;
}

/**
 * The request path, in order (docs/architecture.md). Throttling comes before the stages that read the database
 * (ownership, the handler) so that a caller over its budget costs the server nothing but a signature check; the
 * params are decoded before authorization because the AppId to authorize lives in them.
 */
export const API_STAGES: readonly ApiStage[] = [
  {
    name: 'protocol',
    run(call) {
      call.spec = resolveAction(call.request.method, call.request.query);
    },
  },
  {
    name: 'authenticate',
    run(call, deps) {
      return whenReady(authenticate(call.request, deps.identity), ({ principal, region }) => {
        call.principal = principal;
        call.meta.region = region;
      });
    },
  },
  {
    name: 'throttle',
    run: (call, deps) => throttle(call.principal!.accountId, call.spec!, deps, call.request.receivedAtMs),
  },
  {
    name: 'decode',
    run(call, deps) {
      const params = (call.params = decodeParams(call.request, call.spec!));
      return throttleByParams(call.principal!.accountId, call.spec!, params, deps, call.request.receivedAtMs);
    },
  },
  {
    name: 'authorize',
    run(call, deps) {
      return whenReady(authorize(deps.identity, call.principal!, call.spec!, call.params!), (app) => {
        call.app = app;
      });
    },
  },
  {
    name: 'validate',
    run: (call) => validate(call.spec!, call.params!),
  },
  {
    name: 'handler',
    run(call, deps) {
      const spec = call.spec!;
      const handler = deps.actions.get(spec)!;
      const outbox = deps.outbox ?? NO_OUTBOX;
      const ctx = {
        requestId: call.request.requestId,
        principal: call.principal!,
        spec,
        region: call.meta.region,
        now: new Date(call.request.receivedAtMs),
        app: call.app,
        events: outbox.events,
        transaction: outbox.transaction,
      };
      return whenReady(handler({ version: spec.version, params: call.params! }, ctx), (result) => {
        call.result = result;
      });
    },
  },
];

/** Runs the stages from `from` on, without leaving the turn while each answers at once. */
export function runStages(stages: readonly ApiStage[], call: ApiCall, deps: GatewayDeps, from = 0): Awaitable<void> {
  for (let i = from; i < stages.length; i++) {
    const done = stages[i]!.run(call, deps);
    if (done instanceof Promise) return done.then(() => runStages(stages, call, deps, i + 1));
  }
  return undefined;
}
