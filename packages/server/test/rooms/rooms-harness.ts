import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import BetterSqlite3 from 'better-sqlite3';
import { WebSocket } from 'ws';
import { AccessToken } from '@rtc-openapi/client';
import { roomsMigrations } from '../../src/rooms/migrations.js';
import type { RoomApp } from '../../src/rooms/app-directory.js';
import { createRoomsModule, type RoomsModule, type RoomsModuleDeps } from '../../src/rooms/rooms-module.js';
import { applyMigrations, type Database } from '../../src/store/database.js';
import { SecretCipher } from '../../src/identity/secret-cipher.js';
import { getActionSpec, latestVersion } from '@rtc-openapi/api';
import { buildActionTable } from '../../src/providers/action-table.js';
import { withStubs } from '../support/stub-providers.js';
import { callbackConfigProvider } from '../../src/providers/callback-config/callback-config-provider.js';
import { usageProvider } from '../../src/providers/data-quality-usage/usage-provider.js';
import { messagingProvider } from '../../src/providers/messaging/messaging-provider.js';
import { roomProvider } from '../../src/providers/room/room-provider.js';
import { invokeAction, ownerCheck } from '../support/invoke-action.js';

export const APP_ID = '661e1234567890abcdef543c';
export const APP_KEY = 'k3y-for-the-room-tests';
export const ACCOUNT_ID = '2100000001';
/** One key for every harness, so that a database kept across a restart opens with the key that sealed it. */
export const TEST_CIPHER = new SecretCipher(Buffer.alloc(32, 7));

export function openRoomsDb(filename = ':memory:'): Database {
  const db = new BetterSqlite3(filename);
  db.pragma('journal_mode = WAL');
  applyMigrations(db, roomsMigrations);
  return db;
}

export interface Harness {
  db: Database;
  module: RoomsModule;
  server: Server;
  url: string;
  apps: Map<string, RoomApp>;
  /** Adds to the test clock (ms). */
  advance(ms: number): void;
  now(): number;
  token(
    roomId: string,
    userId: string,
    opts?: { expireAt?: number; publish?: boolean; subscribe?: boolean; appKey?: string },
  ): string;
  /** Runs the action through the authorize, validate and handler stages; the newest version unless named. */
  call(action: string, params: Record<string, unknown>, version?: string, accountId?: string): Promise<unknown>;
  connect(): Promise<TestClient>;
  close(): Promise<void>;
}

export async function startHarness(
  options: Partial<Pick<RoomsModuleDeps, 'callbackOptions' | 'presenceOptions' | 'logger' | 'backpressure'>> & {
    db?: Database;
    keepDb?: boolean;
    /** A clock that moves only with `advance`, starting here (unix ms). */
    frozenAt?: number;
  } = {},
): Promise<Harness> {
  const db = options.db ?? openRoomsDb();
  let offset = 0;
  const frozenAt = options.frozenAt;
  const now = (): number => (frozenAt ?? Date.now()) + offset;
  const apps = new Map<string, RoomApp>([
    [APP_ID, { appId: APP_ID, accountId: ACCOUNT_ID, appKey: APP_KEY, status: 'enabled' }],
  ]);
  const module = createRoomsModule({
    db,
    apps: { getApp: async (id) => apps.get(id) },
    cipher: TEST_CIPHER,
    clock: now,
    ...(options.logger && { logger: options.logger }),
    ...(options.backpressure && { backpressure: options.backpressure }),
    presenceOptions: { sweepIntervalMs: 50, ...options.presenceOptions },
    callbackOptions: { pollIntervalMs: 50, retryBaseMs: 50, ...options.callbackOptions },
  });
  const actions = buildActionTable(
    withStubs([
      roomProvider(module.rooms),
      messagingProvider(module.rooms),
      callbackConfigProvider(module.callbackConfigs, now),
      usageProvider(module.usage, now),
    ]),
  );
  const identity = ownerCheck((appId) => apps.get(appId)?.accountId);
  const server = createServer((_req, res) => {
    res.statusCode = 404;
    res.end();
  });
  module.attach(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `ws://127.0.0.1:${port}/rtc/presence`;
  const clients: TestClient[] = [];
  return {
    db,
    module,
    server,
    url,
    apps,
    advance: (ms) => {
      offset += ms;
    },
    now,
    token(roomId, userId, opts = {}) {
      const t = new AccessToken({ appId: APP_ID, roomId, userId, expireAt: opts.expireAt ?? 0 });
      if (opts.publish !== false) t.addPrivilege('PublishStream');
      if (opts.subscribe !== false) t.addPrivilege('SubscribeStream');
      return t.serialize(opts.appKey ?? APP_KEY);
    },
    async call(action, params, version, accountId = ACCOUNT_ID) {
      const spec = getActionSpec(action, version ?? latestVersion(action) ?? '');
      if (!spec) throw new Error(`${action} ${version ?? ''} is not catalogued`);
      const principal = { accountId, userId: '1', userName: 'root', isMainUser: true, accessKeyId: 'AK' };
      return invokeAction({ actions, identity }, spec, params, principal, now());
    },
    async connect() {
      const c = await TestClient.connect(url);
      clients.push(c);
      return c;
    },
    async close() {
      for (const c of clients) c.ws.terminate();
      await module.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (!options.keepDb) db.close();
    },
  };
}

export type Frame = Record<string, unknown> & { type: string };

/** A raw protocol client: frames in arrival order, with waits that fail after a few seconds. */
export class TestClient {
  readonly frames: Frame[] = [];
  closed: { code: number; reason: string } | undefined;
  #waiters: (() => void)[] = [];
  #nextId = 1;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.frames.push(JSON.parse(String(data)) as Frame);
      this.#notify();
    });
    ws.on('close', (code, reason) => {
      this.closed = { code, reason: String(reason) };
      this.#notify();
    });
  }

  static connect(url: string): Promise<TestClient> {
    const ws = new WebSocket(url);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new TestClient(ws)));
      ws.once('error', reject);
    });
  }

  #notify(): void {
    const w = this.#waiters;
    this.#waiters = [];
    for (const f of w) f();
  }

  async #until<T>(check: () => T | undefined, what: string, timeoutMs = 4000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = check();
      if (v !== undefined) return v;
      if (Date.now() > deadline) {
        throw new Error(`timed out waiting for ${what}; frames: ${JSON.stringify(this.frames).slice(0, 800)}`);
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 100);
        this.#waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  sendRaw(data: string): void {
    this.ws.send(data);
  }

  /** Sends a frame with a fresh id and waits for the answer carrying that id. */
  async request(frame: Record<string, unknown>): Promise<Frame> {
    const id = this.#nextId++;
    this.ws.send(JSON.stringify({ ...frame, id }));
    return this.#until(() => this.frames.find((f) => f.id === id), `the answer to ${String(frame.type)}`);
  }

  join(params: { roomId: string; userId: string; token: string; visible?: boolean; device?: object }): Promise<Frame> {
    return this.request({ type: 'join', v: 1, appId: APP_ID, ...params });
  }

  /** The first frame (after `from`) matching, waiting for it. */
  next(match: (f: Frame) => boolean, what = 'a frame', from = 0): Promise<Frame> {
    return this.#until(() => this.frames.slice(from).find(match), what);
  }

  nextOfType(type: string, extra: Record<string, unknown> = {}): Promise<Frame> {
    return this.next(
      (f) => f.type === type && Object.entries(extra).every(([k, v]) => f[k] === v),
      `${type} ${JSON.stringify(extra)}`,
    );
  }

  waitClosed(): Promise<{ code: number; reason: string }> {
    return this.#until(() => this.closed, 'the socket to close');
  }
}
