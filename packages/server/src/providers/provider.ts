import type {
  ActionArea,
  ActionName,
  ActionSpec,
  ActionsOfArea,
  ActionVersion,
  ParamsOf,
  ResultOf,
} from '@rtc-openapi/api';
import type { Awaitable } from '../awaitable.js';
import type { CallbackEvents, Transaction } from '../events/outbox-writer.js';
import type { OwnedApp, Principal } from '../identity/principal.js';

/** One call of action `A` as its handler sees it: a switch on `version` narrows `params` to that version's type. */
export type ActionCall<A extends ActionName> = {
  [V in ActionVersion<A>]: { readonly version: V; readonly params: ParamsOf<A, V> };
}[ActionVersion<A>];

/** The `Result` of any catalogued version of action `A`. */
export type ActionResult<A extends ActionName> = { [V in ActionVersion<A>]: ResultOf<A, V> }[ActionVersion<A>];

/**
 * The params of any version of `A` name the app the call acts on (GetAllBusinessID spells it `AppID`, the 2020-12-01
 * whiteboard transcoding actions `app_id`: the authorize stage reads each, gateway/authorize.ts).
 */
type NamesApp<A extends ActionName> = ActionCall<A>['params'] extends
  { AppId: string } | { AppID: string } | { app_id: string }
  ? true
  : false;

/** What a handler knows about the call it serves, beyond its params. */
export interface CallContext {
  requestId: string;
  principal: Principal;
  spec: ActionSpec;
  /** The region the request was signed for (ResponseMetadata.Region). */
  region: string;
  /** When the request arrived (the server's clock). */
  now: Date;
  /** The app the call acts on, found and owned by the caller's account (the authorize stage checked both). */
  app: OwnedApp | undefined;
  /**
   * The event outbox: `ctx.events.enqueue(event)` inside `ctx.transaction` writes the callback's rows with the state
   * change, and delivery starts once it commits (events/outbox-writer.ts).
   */
  events: CallbackEvents;
  /**
   * Runs `fn` in one transaction of the server's database: the state the domains write in it and the events enqueued
   * in it commit together or not at all. `fn` is synchronous (a transaction never spans an await).
   */
  transaction: Transaction;
}

/** What the composition root hands the handler stage for every call's `events` and `transaction`. */
export type HandlerOutbox = Pick<CallContext, 'events' | 'transaction'>;

/** The context of action `A`: `app` is always there when every version of `A` requires an AppId. */
export type ActionContext<A extends ActionName> =
  NamesApp<A> extends true ? Omit<CallContext, 'app'> & { app: OwnedApp } : CallContext;

/**
 * Serves action `A`. Its params passed the catalog's schema and its AppId the ownership check before the call: a
 * handler checks only what the schema cannot say. Returns the envelope's `Result`; throws ApiError for a documented
 * failure.
 */
export type ActionHandler<A extends ActionName> = (
  call: ActionCall<A>,
  ctx: ActionContext<A>,
) => Awaitable<ActionResult<A>>;

/** A provider's handlers: only actions of its own catalog area, at most one handler each. */
export type AreaHandlers<Area extends ActionArea> = { readonly [A in ActionsOfArea<Area>]?: ActionHandler<A> };

/**
 * One catalog area's implementation (LocalStack's "provider" per emulated service): its handlers, and what it runs
 * besides them (background work, sockets) started and stopped by the composition root. Its store and migrations
 * live in its domain folder.
 */
export interface Provider<Area extends ActionArea = ActionArea> {
  readonly area: Area;
  readonly handlers: AreaHandlers<Area>;
}

/** Declares a provider; the type parameter ties the handler keys to the area. */
export function defineProvider<Area extends ActionArea>(area: Area, handlers: AreaHandlers<Area>): Provider<Area> {
  return { area, handlers };
}
