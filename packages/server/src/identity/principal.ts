import type { Awaitable } from '../awaitable.js';

/** The authenticated caller: which account and which of its users, through which key. */
export interface Principal {
  /** Numeric account id, as a string (Volcengine account ids exceed 2^31). */
  accountId: string;
  userId: string;
  userName: string;
  isMainUser: boolean;
  accessKeyId: string;
}

/** The app a call acts on, as the authorize stage found it: it exists and the caller's account owns it. */
export interface OwnedApp {
  appId: string;
  accountId: string;
}

/** An access key as the gateway authenticates with it. */
export interface ResolvedAccessKey {
  secretAccessKey: string;
  principal: Principal;
  /**
   * Present for a temporary (STS, `AKTP`) key: called once the signature verified, with the session token the
   * request carried (the verifier's `sessionToken`) and the request's time; throws ApiError `InvalidSecretToken`
   * when the token is missing, not this key's, or expired. Long-term keys have none: a token sent with one is
   * signed like any header and otherwise ignored, as the official verifier does.
   */
  checkSessionToken?(sessionToken: string | undefined, nowMs: number): void;
}

/** What the gateway needs from identity to authenticate a request and authorize an action. */
export interface IdentityGate {
  /** Secret and owner of an active access key, or undefined when the key is unknown or disabled. */
  resolveAccessKey(accessKeyId: string): Awaitable<ResolvedAccessKey | undefined>;
  /**
   * Throws ApiError when the principal may not call the action: RTC not enabled for the account
   * (AccessDenied.ServiceNotEnabled), sub-user without an allowing policy (LackPolicy / AccessDenied),
   * an AppId of another account (InvalidParameter.AccountIdMismatch), an unknown AppId
   * (InvalidParameter.NotExistAppId). `appId` is the request's AppId param when it has one, `appField` that param's
   * name (default `AppId`; errors name it); the app is returned for the handler.
   */
  authorize(
    principal: Principal,
    action: string,
    appId: string | undefined,
    appField?: string,
  ): Awaitable<OwnedApp | undefined>;
}
