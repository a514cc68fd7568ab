// The whole server (time-scaled) with the dev app, our client and the official SDK, a callback receiver subscribed
// to VoiceChat and the room events, a receiver of the agents' server messages, a fake LLM, and room clients.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket } from 'ws';
import type { RtcClient } from '@rtc-openapi/client';
import { AccessToken } from '@rtc-openapi/client';
import { decodeVoiceFrame, RoomClient } from '@rtc-openapi/room-client';
import type { DevCredentials } from '../../src/app.js';
import { startServer, type RunningServer } from '../e2e/e2e-server.js';
import { devClients } from '../support/dev-clients.js';
import { CALLBACK_SECRET, CallbackReceiver } from '../providers/recording/recording-harness.js';
import { FakeLlm, sleep } from './fake-llm.js';

export { CallbackReceiver };

/**
 * The time scale of these tests: a 180 s IdleTimeout is 18 s, the LLM's 10 s first-response limit 1 s (a margin
 * for a loaded box), the agent speaks 7 ms a character.
 */
export const SCALE = 10;

type SdkCall = (body: Record<string, unknown>) => Promise<{
  ResponseMetadata: { Error?: { Code: string; Message?: string } };
  Result?: unknown;
}>;
/** What the voice tests use of the official SDK's RtcService. */
interface VoiceSdk {
  createAPI(action: string, o: { method: string; contentType: string; Version: string }): SdkCall;
}

/** A frame the agent sent, decoded, with its arrival time (performance.now()). */
export interface SeenFrame {
  magic: string;
  payload: Record<string, unknown> & {
    data?: { text: string; userId: string; definite: boolean; paragraph: boolean; sequence: number; roundId: number }[];
    RoundID?: number;
    Stage?: { Code: number };
    ErrorInfo?: { Errorcode: number; Reason: string };
    tool_calls?: { id: string; function: { name: string; arguments: string } }[];
  };
  at: number;
}

/** A room member seeing what the agent sends it. */
export class Listener {
  readonly frames: SeenFrame[] = [];
  readonly events: { type: string; userId: string }[] = [];

  constructor(readonly client: RoomClient) {
    client.on('message', (m) => {
      if (!m.data) return;
      const d = decodeVoiceFrame(m.data);
      if (d.ok) this.frames.push({ magic: d.magic, payload: d.payload as SeenFrame['payload'], at: performance.now() });
    });
    client.on('userJoined', (e) => this.events.push({ type: 'userJoined', userId: e.userId }));
    client.on('userLeft', (e) => this.events.push({ type: 'userLeft', userId: e.userId }));
    client.on('streamPublished', (e) => this.events.push({ type: 'streamPublished', userId: e.userId }));
  }

  subtitles(userId?: string): NonNullable<SeenFrame['payload']['data']> {
    return this.frames
      .filter((f) => f.magic === 'subv')
      .flatMap((f) => f.payload.data ?? [])
      .filter((l) => userId === undefined || l.userId === userId);
  }

  /** conv stages as `round:code`. */
  stages(): string[] {
    return this.frames.filter((f) => f.magic === 'conv').map((f) => `${f.payload.RoundID}:${f.payload.Stage!.Code}`);
  }
}

/** Waits until `check` gives a value (polling), failing after `timeoutMs` with `what` and the last state. */
export async function until<T>(check: () => T | undefined | false, what: string, timeoutMs = 8000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** Receives the agents' server-message POSTs ({message: base64 frame, signature}); answers `status`. */
export class MessageReceiver {
  readonly received: { path: string; signature: string; magic: string; payload: SeenFrame['payload'] }[] = [];
  status = 200;
  url = '';
  #server!: Server;

  async start(): Promise<void> {
    this.#server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString()) as { message: string; signature: string };
        const d = decodeVoiceFrame(Buffer.from(body.message, 'base64'));
        assert.ok(d.ok);
        this.received.push({
          path: req.url ?? '',
          signature: body.signature,
          magic: d.magic,
          payload: d.payload as SeenFrame['payload'],
        });
        res.statusCode = this.status;
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.#server.close(() => resolve());
      this.#server.closeAllConnections();
    });
  }
}

export interface VoiceWorld {
  running: RunningServer;
  dev: DevCredentials;
  client: RtcClient;
  /** The official SDK's call of an action at a version. */
  sdk(action: string, version: string): SdkCall;
  llm: FakeLlm;
  receiver: CallbackReceiver;
  messages: MessageReceiver;
  /** A room client of the dev app joined to the room, listening. */
  join(roomId: string, userId: string): Promise<Listener>;
  /** VoiceChat callbacks of a task. */
  voiceEvents(taskId: string): Record<string, unknown>[];
  close(options?: { keepData?: boolean }): Promise<void>;
}

export async function startVoiceWorld(
  options: { dataDir?: string; llmEndpoint?: string; subscribe?: boolean; logLevel?: 'silent' | 'debug' } = {},
): Promise<VoiceWorld> {
  const running = await startServer({
    dev: true,
    logLevel: options.logLevel ?? 'silent',
    timeScale: SCALE,
    // The validation suite sends dozens of StartVoiceChat calls back to back: the action's QPS budget is not what
    // these tests are about, so it is raised (rate limits have their own tests).
    rateLimitScale: 100,
    ...(options.dataDir !== undefined && { dataDir: options.dataDir }),
    ...(options.llmEndpoint !== undefined && { llmEndpoint: { url: options.llmEndpoint, apiKey: 'operator-key' } }),
  });
  const { dev, client, sdk: service } = devClients<VoiceSdk>(running);
  const llm = new FakeLlm();
  const receiver = new CallbackReceiver();
  const messages = new MessageReceiver();
  await Promise.all([llm.start(), receiver.start(), messages.start()]);
  if (options.subscribe !== false) {
    await client.call('CreateCallback', {
      AppID: dev.appId,
      BusinessId: 'voice',
      EventList: ['VoiceChat', 'UserJoinRoom', 'UserLeaveRoom'],
      SecretKey: CALLBACK_SECRET,
      URL: receiver.url,
    });
  }
  const clients: RoomClient[] = [];
  return {
    running,
    dev,
    client,
    sdk: (action, version) => service.createAPI(action, { method: 'POST', contentType: 'json', Version: version }),
    llm,
    receiver,
    messages,
    async join(roomId, userId) {
      const rc = new RoomClient({ url: `${running.url.replace(/^http/, 'ws')}/rtc/presence`, WebSocket });
      const listener = new Listener(rc);
      const token = new AccessToken({ appId: dev.appId, roomId, userId, expireAt: 0 })
        .addPrivilege('PublishStream')
        .addPrivilege('SubscribeStream');
      await rc.join({ appId: dev.appId, roomId, userId, token: token.serialize(dev.appKey) });
      clients.push(rc);
      return listener;
    },
    voiceEvents: (taskId) =>
      receiver.received
        .filter((c) => c.EventType === 'VoiceChat' && c.EventData.TaskId === taskId)
        .map((c) => c.EventData),
    async close({ keepData = false } = {}) {
      for (const c of clients) c.close();
      await client.close();
      await running.close();
      await Promise.all([llm.close(), receiver.close(), messages.close()]);
      if (!keepData) running.removeData();
    },
  };
}

/** A StartVoiceChat body with CustomLLM at `llmUrl`; `over` replaces parts of it. */
export function startParams(
  appId: string,
  roomId: string,
  taskId: string,
  llmUrl: string,
  over: {
    Config?: Record<string, unknown>;
    AgentConfig?: Record<string, unknown>;
    LLMConfig?: Record<string, unknown>;
  } = {},
) {
  return {
    AppId: appId,
    RoomId: roomId,
    TaskId: taskId,
    Config: {
      ASRConfig: { Provider: 'volcano', ProviderParams: { Mode: 'smallmodel', AppId: 'asr-app' } },
      TTSConfig: { Provider: 'volcano', ProviderParams: { app: { appid: 'tts-app' } } },
      LLMConfig: {
        Mode: 'CustomLLM',
        URL: llmUrl,
        APIKey: 'sk-test-secret',
        ModelName: 'my-model',
        ...over.LLMConfig,
      },
      ...over.Config,
    },
    AgentConfig: { TargetUserId: ['human'], UserId: 'bot', ...over.AgentConfig },
  };
}
