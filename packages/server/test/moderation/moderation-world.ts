// The whole server (dev app, signed clients, live presence) with a receiver of detection results that checks each
// signature with the app's AppKey, the admin API for the verdict rules, and room members that publish.
import assert from 'node:assert/strict';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RtcClient } from '@rtc-openapi/client';
import { verifyCallbackSignature } from '@rtc-openapi/signer';
import type { DevCredentials } from '../../src/app.js';
import { startServer, type RunningServer } from '../e2e/e2e-server.js';
import { joinRoom, publish, sleep } from '../providers/recording/recording-harness.js';
import type { TestClient } from '../rooms/rooms-harness.js';
import { devClients } from '../support/dev-clients.js';
import { rejectsWithCode } from '../support/api-errors.js';

export { publish, sleep };

export const ADMIN_TOKEN = 'moderation-admin-token';

/** One POST the receiver got: its path, the body's fields and its EventData parsed. */
export interface Review {
  path: string;
  body: Record<string, string>;
  data: Record<string, unknown>;
}

type SdkApi = (data: Record<string, unknown>) => Promise<{
  ResponseMetadata: { Error?: { Code: string; Message?: string } };
  Result?: unknown;
}>;
/** The official SDK's RtcService: actions it has no method for are made with its createAPI. */
export interface RtcSdk {
  createAPI(action: string, params: { method: 'GET' | 'POST'; contentType: 'json'; Version: string }): SdkApi;
}

/**
 * Receives results: `/ok…` answers 200, `/fail…` 500, `/hang…` never answers. Every body's signature must verify with
 * the app's AppKey.
 */
export class ReviewReceiver {
  readonly received: Review[] = [];
  readonly badSignatures: string[] = [];
  readonly #hanging: ServerResponse[] = [];
  #server!: Server;
  url = '';

  constructor(private readonly appKey: string) {}

  async start(): Promise<void> {
    this.#server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        const verified = verifyCallbackSignature(text, this.appKey);
        if (!verified.ok) this.badSignatures.push(text);
        const body = JSON.parse(text) as Record<string, string>;
        const path = req.url ?? '';
        this.received.push({ path, body, data: JSON.parse(body.EventData!) as Record<string, unknown> });
        if (path.startsWith('/hang')) return void this.#hanging.push(res);
        res.statusCode = path.startsWith('/fail') ? 500 : 200;
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  /** The reviews POSTed for a room so far. */
  of(roomId: string): Review[] {
    return this.received.filter((r) => r.data.RoomId === roomId);
  }

  async close(): Promise<void> {
    for (const res of this.#hanging) res.destroy();
    this.#server.closeAllConnections();
    await new Promise((resolve) => this.#server.close(resolve));
  }
}

export interface ModerationWorld {
  running: RunningServer;
  dev: DevCredentials;
  client: RtcClient;
  sdk: RtcSdk;
  receiver: ReviewReceiver;
  /** Any action-version through our signed client. */
  call(action: string, params: Record<string, unknown>, version?: string): Promise<unknown>;
  /** The call fails with `code`, its message matching `message`. */
  rejectsWith(promise: Promise<unknown>, code: string, message?: RegExp): Promise<void>;
  /** The admin API: status and parsed JSON (undefined for 204). */
  admin(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }>;
  /** A member of the room, joined. */
  member(roomId: string, userId: string): Promise<TestClient>;
  /** The room's detections as ListDetectionTask lists them. */
  detections(roomId: string, userId?: string): Promise<Record<string, unknown>[]>;
  /** Polls `get` until `done` holds. */
  until<T>(get: () => T | Promise<T>, done: (value: T) => boolean, timeoutMs?: number): Promise<T>;
  /** Stops the members, the client, the server and the receiver; the data directory goes too unless `keepData`. */
  close(options?: { keepData?: boolean }): Promise<void>;
}

export async function startModerationWorld(
  options: { timeScale?: number; dataDir?: string } = {},
): Promise<ModerationWorld> {
  const running = await startServer({
    dev: true,
    logLevel: 'silent',
    adminToken: ADMIN_TOKEN,
    // Back-to-back refusals would hit StartDetection's default 20/s (rate limits have their own tests).
    rateLimitScale: 100,
    ...(options.timeScale !== undefined && { timeScale: options.timeScale }),
    ...(options.dataDir !== undefined && { dataDir: options.dataDir }),
  });
  const { dev, client, sdk } = devClients<RtcSdk>(running);
  const receiver = new ReviewReceiver(dev.appKey);
  await receiver.start();
  const members: TestClient[] = [];
  const call = (action: string, params: Record<string, unknown>, version = '2023-11-01') =>
    (client.call as (a: string, p: Record<string, unknown>, o: { version: string }) => Promise<unknown>)(
      action,
      params,
      { version },
    );
  const world: ModerationWorld = {
    running,
    dev,
    client,
    sdk,
    receiver,
    call,
    rejectsWith: rejectsWithCode,
    async admin(method, path, body) {
      const response = await fetch(`${running.url}/admin${path}`, {
        method,
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, json: text === '' ? undefined : (JSON.parse(text) as unknown) };
    },
    async member(roomId, userId) {
      const socket = await joinRoom(running.url, dev, roomId, userId);
      members.push(socket);
      return socket;
    },
    async detections(roomId, userId) {
      const result = (await call('ListDetectionTask', {
        AppId: dev.appId,
        RoomId: roomId,
        ...(userId !== undefined && { UserId: userId }),
      })) as { EventData: Record<string, unknown>[]; Message: string };
      assert.equal(result.Message, 'success');
      return result.EventData;
    },
    async until(get, done, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const value = await get();
        if (done(value)) return value;
        if (Date.now() > deadline) throw new Error(`still ${JSON.stringify(value).slice(0, 800)}`);
        await sleep(25);
      }
    },
    async close({ keepData = false } = {}) {
      for (const m of members) m.ws.terminate();
      await client.close();
      await running.close();
      await receiver.close();
      if (!keepData) running.removeData();
    },
  };
  return world;
}
