// A server on a real socket with a stand-in identity (accounts, keys and app owners in memory), so that gateway
// tests control exactly who may do what. The end-to-end tests in test/e2e use the real identity on SQLite.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { signRequest, type Credentials } from '@rtc-openapi/signer';
import type { AppModules } from '../../src/app.js';
import { ApiError } from '../../src/errors/api-error.js';
import type { IdentityGate, OwnedApp, Principal } from '../../src/identity/principal.js';
import type { RateLimitOverrides } from '../../src/limits/account-limits.js';
import type { RateLimiter } from '../../src/limits/rate-limiter.js';
import { createRtcServer, type RtcServer } from '../../src/server.js';
import { stubProviders, type StubHandler } from '../support/stub-providers.js';

export interface TestKey extends Credentials {
  principal: Principal;
}

export function testKey(accountId: string, suffix = 'main'): TestKey {
  const accessKeyId = `AKLT${accountId}${suffix}`.padEnd(44, '0');
  return {
    accessKeyId,
    secretAccessKey: Buffer.from(`secret-of-${accessKeyId}`).toString('base64'),
    principal: {
      accountId,
      userId: `${accountId}-${suffix}`,
      userName: suffix,
      isMainUser: suffix === 'main',
      accessKeyId,
    },
  };
}

/** IdentityGate over maps: keys, app owners, accounts without RTC, rate-limit overrides. */
export class MemoryIdentity implements IdentityGate {
  readonly keys = new Map<string, TestKey>();
  readonly appOwners = new Map<string, string>();
  readonly rtcDisabled = new Set<string>();
  readonly overrides = new Map<string, RateLimitOverrides>();
  lookups = 0;

  addKey(key: TestKey): TestKey {
    this.keys.set(key.accessKeyId, key);
    return key;
  }

  resolveAccessKey(accessKeyId: string) {
    this.lookups++;
    const key = this.keys.get(accessKeyId);
    return Promise.resolve(key && { secretAccessKey: key.secretAccessKey, principal: key.principal });
  }

  authorize(principal: Principal, _action: string, appId: string | undefined): Promise<OwnedApp | undefined> {
    if (this.rtcDisabled.has(principal.accountId)) {
      return Promise.reject(new ApiError('AccessDenied.ServiceNotEnabled', 'RTC is not enabled for this account'));
    }
    if (appId !== undefined) {
      const owner = this.appOwners.get(appId);
      if (owner === undefined) return Promise.reject(new ApiError('InvalidParameter.NotExistAppId', 'no such AppId'));
      if (owner !== principal.accountId) {
        return Promise.reject(new ApiError('InvalidParameter.AccountIdMismatch', 'Check owner failed'));
      }
      return Promise.resolve({ appId, accountId: owner });
    }
    return Promise.resolve(undefined);
  }

  rateLimitOverridesFor(accountId: string): RateLimitOverrides | undefined {
    return this.overrides.get(accountId);
  }
}

export interface Gateway {
  server: RtcServer;
  url: string;
  identity: MemoryIdentity;
  /** Every log line written so far, parsed. */
  logLines(): Record<string, unknown>[];
  /** The raw log text (for "never appears" checks). */
  logText(): string;
  close(): Promise<void>;
}

export interface GatewayOptions {
  clock?: () => number;
  rateLimitScale?: number;
  handlers?: Readonly<Record<string, StubHandler>>;
  bodyLimitBytes?: number;
  identity?: MemoryIdentity;
  timeouts?: { headersMs?: number; requestMs?: number };
  rateLimiter?: RateLimiter;
  /** Told when the server closes its modules (its database, rooms, tasks). */
  onModulesClose?: () => void;
}

export async function startGateway(options: GatewayOptions = {}): Promise<Gateway> {
  const identity = options.identity ?? new MemoryIdentity();
  const dataDir = mkdtempSync(join(tmpdir(), 'rtc-gateway-'));
  let text = '';
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  const modules = (): AppModules => ({
    identity,
    providers: stubProviders(options.handlers ?? {}),
    close: () => options.onModulesClose?.(),
  });
  const server = createRtcServer({
    dataDir,
    modules,
    logLevel: 'info',
    logDestination: destination,
    shutdownGraceMs: 2000,
    ...(options.clock && { clock: options.clock }),
    ...(options.rateLimitScale !== undefined && { rateLimitScale: options.rateLimitScale }),
    ...(options.rateLimiter && { rateLimiter: options.rateLimiter }),
    ...(options.bodyLimitBytes !== undefined && { bodyLimitBytes: options.bodyLimitBytes }),
    ...(options.timeouts && { timeouts: options.timeouts }),
  });
  const url = await server.listen();
  return {
    server,
    url,
    identity,
    logText: () => text,
    logLines: () =>
      text
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    close: async () => {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface CallOptions {
  action: string;
  version: string;
  method?: string;
  /** Extra query params (GET actions' params). */
  query?: Record<string, string>;
  /** A JSON body (object: serialised) or exact bytes. */
  body?: unknown;
  headers?: Record<string, string>;
  key: Credentials;
  date?: Date;
  region?: string;
}

export interface CallResult {
  status: number;
  headers: Headers;
  text: string;
  json: Envelope;
}

export interface Envelope {
  ResponseMetadata: {
    RequestId: string;
    Action: string;
    Version: string;
    Service: string;
    Region: string;
    Error?: { Code: string; Message: string; CodeN?: number };
  };
  Result?: unknown;
}

/** A request signed the way our signer signs, sent with fetch. */
export async function call(url: string, options: CallOptions): Promise<CallResult> {
  const method = options.method ?? (options.body === undefined ? 'GET' : 'POST');
  const body =
    options.body === undefined
      ? undefined
      : typeof options.body === 'string' || options.body instanceof Uint8Array
        ? options.body
        : JSON.stringify(options.body);
  const headers: Record<string, string> = {
    ...(body !== undefined && { 'content-type': 'application/json' }),
    ...options.headers,
  };
  const signed = signRequest(
    {
      method,
      path: '/',
      query: { Action: options.action, Version: options.version, ...options.query },
      headers,
      ...(body !== undefined && { body }),
    },
    options.key,
    { region: options.region ?? 'cn-north-1', service: 'rtc', ...(options.date && { date: options.date }) },
  );
  const response = await fetch(`${url}/?${signed.queryString}`, {
    method,
    headers: signed.headers,
    ...(body !== undefined && { body: typeof body === 'string' ? body : Buffer.from(body) }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: JSON.parse(text) as Envelope };
}

/** Asserts the shape every answer shares and returns the error code (or `OK`). */
export function codeOf(result: CallResult): string {
  return result.json.ResponseMetadata.Error?.Code ?? 'OK';
}
