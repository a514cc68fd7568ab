// The whole server as `serve` runs it (real identity, apps and rooms on SQLite in a temporary data directory),
// listening on 127.0.0.1 with port 0.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { RtcClient } from '@rtc-openapi/client';
import type { DevCredentials } from '../../src/app.js';
import { createRtcServer, type RtcServer, type RtcServerOptions } from '../../src/server.js';
import { openServices } from '../../src/store/open-services.js';

export interface RunningServer {
  server: RtcServer;
  url: string;
  dataDir: string;
  logText(): string;
  /** Stops the server; the data directory stays until removeData(). */
  close(): Promise<void>;
  removeData(): void;
}

export function newDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'rtc-e2e-'));
}

export async function startServer(
  options: Omit<RtcServerOptions, 'logDestination' | 'modules'> & { dataDir?: string } = {},
): Promise<RunningServer> {
  const dataDir = options.dataDir ?? newDataDir();
  let text = '';
  const logDestination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  const server = createRtcServer({ logLevel: 'info', shutdownGraceMs: 2000, ...options, dataDir, logDestination });
  const url = await server.listen();
  return {
    server,
    url,
    dataDir,
    logText: () => text,
    close: () => server.close(),
    removeData: () => rmSync(dataDir, { recursive: true, force: true }),
  };
}

/** A `--dev` server with our client signed by its dev key (no throttle, no retries); `stop` ends both. */
export interface DevSession {
  running: RunningServer;
  dev: DevCredentials;
  client: RtcClient;
  stop(): Promise<void>;
}

export async function startDevSession(options: Parameters<typeof startServer>[0] = {}): Promise<DevSession> {
  const running = await startServer({ ...options, dev: true });
  const dev = running.server.devCredentials!;
  const client = new RtcClient({
    endpoint: running.url,
    accessKeyId: dev.accessKeyId,
    secretAccessKey: dev.secretAccessKey,
    throttle: false,
    retry: false,
  });
  return {
    running,
    dev,
    client,
    stop: async () => {
      await client.close();
      await running.close();
      running.removeData();
    },
  };
}

export interface SeededKey {
  accessKeyId: string;
  secretAccessKey: string;
}

/** Temporary (STS) credentials with a known session token, accepted until `expiresAt`. */
export interface SeededTemporaryKey extends SeededKey {
  sessionToken: string;
  expiresAt: Date;
}

/**
 * Writes an RTC-enabled account with the given keys (and apps) into a data directory, the way the admin CLI
 * does: its own connection to the database, closed before the server starts.
 */
export async function seedAccount(
  dataDir: string,
  input: {
    accountId: string;
    keys: readonly SeededKey[];
    temporaryKeys?: readonly SeededTemporaryKey[];
    apps?: readonly { appId?: string; name: string }[];
    /** The identity clock while seeding: temporary keys must expire after it (default: now). */
    now?: Date;
  },
): Promise<{ mainUserId: string; appIds: string[] }> {
  const services = openServices({ dataDir, ...(input.now && { now: () => input.now! }) });
  try {
    const account = await services.identity.createAccount({ accountId: input.accountId, rtcEnabled: true });
    for (const key of input.keys) await services.identity.createAccessKey(account.mainUserId, key);
    for (const key of input.temporaryKeys ?? []) {
      await services.identity.createTemporaryAccessKey(account.mainUserId, key);
    }
    const appIds: string[] = [];
    for (const app of input.apps ?? []) {
      appIds.push((await services.apps.createApp(account.accountId, app)).appId);
    }
    return { mainUserId: account.mainUserId, appIds };
  } finally {
    services.close();
  }
}
