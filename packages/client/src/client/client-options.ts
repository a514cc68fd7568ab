import { checkCredentials, checkSignOptions, SignerArgumentError, type Credentials } from '@rtc-openapi/signer';
import type { Dispatcher } from 'undici';
import { RtcValidationError } from '../errors/rtc-validation-error.js';
import { resolveRetryOptions, type ResolvedRetryOptions, type RetryOptions } from '../retry/retry-policy.js';
import { RateLimiter, sharedRateLimiter, type RateLimiterOptions } from '../throttle/rate-limiter.js';
import type { ClientHooks } from './hooks.js';

export const DEFAULT_ENDPOINT = 'https://rtc.volcengineapi.com';
export const DEFAULT_REGION = 'cn-north-1';
/** The Go SDK's default for the 2023 packages (catalog section 6). */
export const DEFAULT_TIMEOUT_MS = 10_000;

export interface RtcClientOptions {
  /** Default: the `VOLC_ACCESSKEY` environment variable, read when the client is made. */
  accessKeyId?: string;
  /** Default: the `VOLC_SECRETKEY` environment variable, read when the client is made. */
  secretAccessKey?: string;
  /** For temporary (STS) credentials; sent as X-Security-Token. */
  sessionToken?: string;
  /** Signing region. Default `cn-north-1`. */
  region?: string;
  /** Scheme, host and port of the service. Default `https://rtc.volcengineapi.com`. */
  endpoint?: string;
  /** Per attempt, from sending to the whole body read. Default 10,000 ms. */
  timeoutMs?: number;
  /** Retry settings, or false for a single attempt. */
  retry?: RetryOptions | false;
  /**
   * Client-side rate limits at the catalog QPS. Default true: the process-wide limiter, shared by every client using
   * the same credential and endpoint. A RateLimiter to share one explicitly; options for a private one; false: off.
   */
  throttle?: boolean | RateLimiter | RateLimiterOptions;
  /** An undici dispatcher to send with (an Agent with TLS options, a MockAgent, a ProxyAgent...). */
  dispatcher?: Dispatcher;
  /** Sockets kept to the endpoint by the default dispatcher. Default 64. */
  connections?: number;
  hooks?: ClientHooks;
}

export interface ClientConfig {
  credentials: Credentials;
  region: string;
  origin: string;
  /** The Host header, signed. */
  host: string;
  path: string;
  timeoutMs: number;
  retry: ResolvedRetryOptions;
  limiter: RateLimiter | undefined;
  hooks: ClientHooks;
}

export function resolveClientOptions(options: RtcClientOptions, env: NodeJS.ProcessEnv = process.env): ClientConfig {
  const accessKeyId = options.accessKeyId ?? env.VOLC_ACCESSKEY;
  const secretAccessKey = options.secretAccessKey ?? env.VOLC_SECRETKEY;
  if (!accessKeyId) {
    throw new RtcValidationError('accessKeyId', 'no access key id: pass accessKeyId or set VOLC_ACCESSKEY');
  }
  if (!secretAccessKey) {
    throw new RtcValidationError('secretAccessKey', 'no secret access key: pass secretAccessKey or set VOLC_SECRETKEY');
  }
  const credentials: Credentials = { accessKeyId, secretAccessKey };
  if (options.sessionToken) credentials.sessionToken = options.sessionToken;

  const endpoint = options.endpoint ?? DEFAULT_ENDPOINT;
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new RtcValidationError('endpoint', `endpoint is not a URL: ${endpoint}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new RtcValidationError('endpoint', 'endpoint must be an http: or https: URL');
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new RtcValidationError('endpoint', 'endpoint takes a scheme, host, port and path only');
  }

  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  checkTimeout(timeoutMs, 'timeoutMs');
  const region = options.region ?? DEFAULT_REGION;
  if (typeof region !== 'string' || region === '') throw new RtcValidationError('region', 'region must be set');
  // The signer checks these on every call; checking them once here makes a bad credential or region fail when the
  // client is made, as an RtcValidationError, instead of as a SignerArgumentError from each call.
  signerCheck(() => checkCredentials(credentials));
  signerCheck(() => checkSignOptions({ region, service: 'rtc' }));

  return {
    credentials,
    region,
    origin: url.origin,
    host: url.host,
    path: url.pathname || '/',
    timeoutMs,
    retry: resolveRetryOptions(options.retry),
    limiter: resolveLimiter(options.throttle),
    hooks: options.hooks ?? {},
  };
}

export function checkTimeout(value: unknown, field: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new RtcValidationError(field, `${field} must be a positive number of milliseconds`);
  }
}

/** Runs a signer argument check, turning its SignerArgumentError into an RtcValidationError naming the option. */
function signerCheck(check: () => void): void {
  try {
    check();
  } catch (error) {
    if (!(error instanceof SignerArgumentError)) throw error;
    // The signer names `credentials.accessKeyId`, `options.region`...; the client's options are flat.
    const field = error.field.replace(/^(credentials|options)\./, '');
    throw new RtcValidationError(field, `${field} ${error.message.slice(error.field.length + 1)}`);
  }
}

function resolveLimiter(throttle: RtcClientOptions['throttle']): RateLimiter | undefined {
  if (throttle === false) return undefined;
  if (throttle === undefined || throttle === true) return sharedRateLimiter;
  if (throttle instanceof RateLimiter) return throttle;
  return new RateLimiter(throttle);
}
