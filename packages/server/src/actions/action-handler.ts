import type { ActionSpec } from '@rtc-openapi/api';
import type { Principal } from '../identity/principal.js';

/** What a handler knows about the call it serves. */
export interface ActionContext {
  requestId: string;
  principal: Principal;
  spec: ActionSpec;
  /** The region the request was signed for (ResponseMetadata.Region). */
  region: string;
  now: Date;
}

/**
 * Serves one action (all of its versions: read `ctx.spec.version`). Params were validated against the catalog
 * schema before the call. Returns the envelope's `Result`; throws ApiError for a documented failure.
 */
export type ActionHandler = (params: Record<string, unknown>, ctx: ActionContext) => unknown | Promise<unknown>;

/** A domain's handlers by action name. The gateway merges these; an action without one answers NotImplemented. */
export type ActionHandlers = Readonly<Record<string, ActionHandler>>;
