// The public contract of @rtc-openapi/signer. Other packages code against these names; change them only together.

/** Long-term or temporary (STS) credentials. `sessionToken` is sent as `X-Security-Token` and signed. */
export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/**
 * Query parameters as a caller gives them. Arrays are repeated keys; `undefined` values are dropped.
 * A list of pairs keeps the caller's order (it matters only for repeated keys, see verifyRequest).
 */
export type QueryInput =
  | Readonly<Record<string, string | number | boolean | undefined | readonly (string | number | boolean)[]>>
  | ReadonlyArray<readonly [string, string]>
  | URLSearchParams;

export interface SignableRequest {
  method: string;
  /** Path, default `/`. */
  path?: string;
  query?: QueryInput;
  /** Headers to send; names in any case. `host` should be present when it is to be signed. */
  headers?: Readonly<Record<string, string>>;
  /** The exact bytes on the wire (a string is hashed as UTF-8). Absent = empty body. */
  body?: string | Uint8Array;
}

export interface SignOptions {
  /** e.g. `cn-north-1`. */
  region: string;
  /** e.g. `rtc`. */
  service: string;
  /** Signing time; default now. X-Date drops milliseconds. */
  date?: Date;
  /**
   * Lower-case header names to sign. Default: those of `content-type;host;x-content-sha256;x-date` (plus
   * `x-security-token` with a session token) that are present after X-Date and X-Content-Sha256 are set.
   */
  signedHeaders?: readonly string[];
}

export interface SignedRequest {
  /** The complete header set to send: the caller's headers plus X-Date, X-Content-Sha256, Authorization (and X-Security-Token). */
  headers: Record<string, string>;
  /** The canonical, RFC 3986-encoded query string, sorted, to put after `?`. */
  queryString: string;
  xDate: string;
  credentialScope: string;
  signedHeaders: string;
  canonicalRequest: string;
  stringToSign: string;
  signature: string;
  authorization: string;
}

export interface PresignOptions extends SignOptions {
  /** X-Expires in seconds; omitted from the URL when undefined (the official Node SDK omits it). */
  expiresSeconds?: number;
}

export interface PresignedUrl {
  /** The full query string, signature last, ready to put after `?`. */
  queryString: string;
  canonicalRequest: string;
  stringToSign: string;
  signature: string;
}

/** A request as a server received it. */
export interface VerifiableRequest {
  method: string;
  /** Raw path and query exactly as received, e.g. `/?Action=ListApps&Version=2020-12-01`. */
  url: string;
  /** Header names lower-case (as node:http gives them). */
  headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** The raw body bytes. */
  body: Uint8Array | string;
}

export interface VerifyOptions {
  /** The secret for an access key id, or undefined when the key is unknown or disabled. */
  lookupSecret: (accessKeyId: string) => Promise<string | undefined> | string | undefined;
  /** The verifier's clock; default now. */
  now?: Date | number;
  /** Allowed clock skew for X-Date, default 900. */
  maxSkewSeconds?: number;
  /** When set, the credential scope's service must equal it (ServiceNotFound otherwise). */
  service?: string;
}

/** Gateway codes the verifier answers with (catalog section 3.2). */
export type VerifyFailureCode =
  | 'MissingAuthenticationToken'
  | 'MissingSignature'
  | 'MissingRequestInfo'
  | 'InvalidAuthorization'
  | 'InvalidCredential'
  | 'InvalidAccessKey'
  | 'InvalidTimestamp'
  | 'ServiceNotFound'
  | 'SignatureDoesNotMatch';

export type VerifyResult =
  | {
      ok: true;
      accessKeyId: string;
      sessionToken?: string;
      region: string;
      service: string;
      signedHeaders: readonly string[];
      presigned: boolean;
    }
  | {
      ok: false;
      code: VerifyFailureCode;
      /** Safe to send to the client: never contains a secret. */
      message: string;
    };
