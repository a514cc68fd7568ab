// The whole server with the dev app, the official SDK and our client signed by its dev key, a real callback receiver
// subscribed to the recording events, and room members that publish through the presence WebSocket.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { RtcClient } from '@rtc-openapi/client';
import { AccessToken } from '@rtc-openapi/client';
import { verifyCallbackSignature } from '@rtc-openapi/signer';
import type { DevCredentials, TaskStorageOptions } from '../../../src/app.js';
import { findMediaBinaries } from '../../../src/media/media-binaries.js';
import { runProcess } from '../../../src/media/run-process.js';
import { TestClient } from '../../rooms/rooms-harness.js';
import { startServer, type RunningServer } from '../../e2e/e2e-server.js';
import { devClients } from '../../support/dev-clients.js';

export interface SdkEnvelope {
  ResponseMetadata: { Error?: { Code: string; Message?: string } };
  Result?: unknown;
}
type SdkApi = (data: Record<string, unknown>) => Promise<SdkEnvelope>;
/** The official SDK's RtcService: StartRecord, StopRecord and GetRecordTask are its own methods (2022-06-01). */
export interface RtcSdk {
  StartRecord: SdkApi;
  StopRecord: SdkApi;
  GetRecordTask: SdkApi;
}

export const CALLBACK_SECRET = 'recording-callback-secret';
/** The bearer token of the worlds' admin API. */
export const ADMIN_TOKEN = 'recording-admin-token';

export interface Callback {
  EventType: string;
  EventData: Record<string, unknown>;
}

/** Receives signed callbacks, checks each signature, answers 200. */
export class CallbackReceiver {
  readonly received: Callback[] = [];
  #server!: Server;
  url = '';

  async start(): Promise<void> {
    this.#server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString();
        assert.deepEqual(verifyCallbackSignature(body, CALLBACK_SECRET), { ok: true });
        const parsed = JSON.parse(body) as { EventType: string; EventData: string };
        this.received.push({ EventType: parsed.EventType, EventData: JSON.parse(parsed.EventData) });
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/callbacks`;
  }

  /** The first callback of this type for this task, waiting up to `timeoutMs`. */
  async next(eventType: string, taskId: string, timeoutMs = 60_000): Promise<Record<string, unknown>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received.find((c) => c.EventType === eventType && c.EventData.TaskId === taskId);
      if (found) return found.EventData;
      if (Date.now() > deadline) {
        throw new Error(`no ${eventType} for ${taskId}; got ${JSON.stringify(this.received).slice(0, 600)}`);
      }
      await sleep(50);
    }
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.#server.close(() => resolve());
      this.#server.closeAllConnections();
    });
  }
}

export interface RecordingWorld {
  running: RunningServer;
  dev: DevCredentials;
  client: RtcClient;
  sdk: RtcSdk;
  receiver: CallbackReceiver;
  /** A member of `roomId` connected and joined. */
  member(roomId: string, userId: string): Promise<TestClient>;
  /** Where an object of the default storage lives. */
  objectPath(bucket: string, key: string): string;
  /** Stops the members, the client and the server; the data directory goes too unless `keepData`. */
  close(options?: { keepData?: boolean }): Promise<void>;
}

/** Starts the world; `dataDir` reuses a data directory (a restart). */
export async function startRecordingWorld(
  options: {
    timeScale?: number;
    dataDir?: string;
    receiver?: CallbackReceiver;
    taskStorage?: TaskStorageOptions;
    /** Log at info into the server's logText (default silent). */
    logged?: boolean;
    /** Events the receiver subscribes to (default RecordStarted and RecordStopped). */
    events?: string[];
  } = {},
): Promise<RecordingWorld> {
  const running = await startServer({
    dev: true,
    logLevel: options.logged ? 'info' : 'silent',
    adminToken: ADMIN_TOKEN,
    ...(options.timeScale !== undefined && { timeScale: options.timeScale }),
    ...(options.taskStorage !== undefined && { taskStorage: options.taskStorage }),
    ...(options.dataDir !== undefined && { dataDir: options.dataDir }),
  });
  const { dev, client, sdk } = devClients<RtcSdk>(running);
  const receiver = options.receiver ?? new CallbackReceiver();
  if (!options.receiver) {
    await receiver.start();
    await client.call('CreateCallback', {
      AppID: dev.appId,
      BusinessId: 'recording',
      EventList: options.events ?? ['RecordStarted', 'RecordStopped'],
      SecretKey: CALLBACK_SECRET,
      URL: receiver.url,
    });
  }
  const members: TestClient[] = [];
  return {
    running,
    dev,
    client,
    sdk,
    receiver,
    async member(roomId, userId) {
      const socket = await joinRoom(running.url, dev, roomId, userId);
      members.push(socket);
      return socket;
    },
    objectPath: (bucket, key) => join(running.dataDir, 'storage', bucket, key),
    async close({ keepData = false } = {}) {
      for (const m of members) m.ws.terminate();
      await client.close();
      await running.close();
      if (!options.receiver) await receiver.close();
      if (!keepData) running.removeData();
    },
  };
}

/** A presence connection of `userId` joined to `roomId` of the dev app, with a token granting publish and subscribe. */
export async function joinRoom(
  url: string,
  dev: Pick<DevCredentials, 'appId' | 'appKey'>,
  roomId: string,
  userId: string,
): Promise<TestClient> {
  const token = new AccessToken({ appId: dev.appId, roomId, userId, expireAt: 0 });
  token.addPrivilege('PublishStream');
  token.addPrivilege('SubscribeStream');
  const socket = await TestClient.connect(`${url.replace(/^http/, 'ws')}/rtc/presence`);
  const joined = await socket.request({
    type: 'join',
    v: 1,
    appId: dev.appId,
    roomId,
    userId,
    token: token.serialize(dev.appKey),
  });
  assert.equal(joined.type, 'joined', JSON.stringify(joined));
  return socket;
}

/** Publishes (or with all false, unpublishes) one of the member's streams and waits for the answer. */
export async function publish(
  member: TestClient,
  media: { audio?: boolean; video?: boolean },
  stream: 'main' | 'screen' = 'main',
): Promise<void> {
  const answer = await member.request({ type: 'publish', stream, audio: false, video: false, ...media });
  assert.equal(answer.type, 'ack', JSON.stringify(answer));
}

export interface Probe {
  format: { duration: string; size: string };
  streams: { codec_type: string; codec_name: string; width?: number; height?: number }[];
}

/** ffprobe's reading of a file. */
export async function ffprobe(path: string): Promise<Probe> {
  const args = ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', path];
  return JSON.parse(await runProcess(findMediaBinaries().ffprobe, args)) as Probe;
}

/** ffmpeg's blackdetect and silencedetect over a file: the black and the silent stretches, in seconds. */
export function blackAndSilence(path: string): { black: number[][]; silent: number[][] } {
  const filters = ['-vf', 'blackdetect=d=0.2:pix_th=0.05', '-af', 'silencedetect=d=0.2'];
  const run = spawnSync(
    findMediaBinaries().ffmpeg,
    ['-hide_banner', '-nostats', '-i', path, ...filters, '-f', 'null', '-'],
    {
      encoding: 'utf8',
    },
  );
  const text = run.stderr;
  const black = [...text.matchAll(/black_start:([\d.]+) black_end:([\d.]+)/g)].map((m) => [+m[1]!, +m[2]!]);
  const starts = [...text.matchAll(/silence_start: ([\d.]+)/g)].map((m) => +m[1]!);
  const ends = [...text.matchAll(/silence_end: ([\d.]+)/g)].map((m) => +m[1]!);
  return { black, silent: starts.map((s, i) => [s, ends[i] ?? Number.NaN]) };
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** GetRecordTask through the SDK until the task has ended (Status 3 or 4). */
export async function settledTask(
  sdk: RtcSdk,
  params: { AppId: string; RoomId: string; TaskId: string },
  timeoutMs = 60_000,
): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await sdk.GetRecordTask(params);
    assert.equal(answer.ResponseMetadata.Error, undefined, JSON.stringify(answer));
    const task = (answer.Result as { RecordTask: Record<string, unknown> }).RecordTask;
    if (task.Status === 3 || task.Status === 4) return task;
    if (Date.now() > deadline) throw new Error(`the task did not end: ${JSON.stringify(task)}`);
    await sleep(100);
  }
}
