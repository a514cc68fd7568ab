// The voice bench's load process: a streaming OpenAI-compatible LLM, one room client per agent as its target, and
// the API calls that start agents and give them turns. Times each turn's first SSE content chunk (written here by
// the LLM) to the first subv frame of that round (received here by the room client).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket } from 'ws';
import { AccessToken, RtcClient } from '@rtc-openapi/client';
import { decodeVoiceFrame, RoomClient, type SubtitleMessage } from '@rtc-openapi/room-client';
import type { Tenant } from '../gateway/tenant-mix.js';

export type LoadMessage =
  | { kind: 'latency'; samples: number[] }
  | { kind: 'agentsStarted'; agents: number }
  | { kind: 'loadDone'; agents: number; turns: number; frames: number; samples: number[]; loadCpuPct: number };

interface Start {
  kind: 'start';
  url: string;
  /** The accounts the rooms belong to (room k to tenant k mod their count), each calling with its own key. */
  tenants: Tenant[];
  agents: number;
  latencyTurns: number;
  loadSeconds: number;
}

const send = (m: LoadMessage): void => void process.send!(m);
const next = <T>(kind: string): Promise<T> =>
  new Promise((resolve) => {
    const on = (m: { kind: string }): void => {
      if (m.kind !== kind) return;
      process.off('message', on);
      resolve(m as T);
    };
    process.on('message', on);
  });
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const chunk = (content: string): string =>
  `data: ${JSON.stringify({ id: 'b', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content } }] })}\n\n`;

interface Room {
  name: string;
  appId: string;
  api: RtcClient;
  client: RoomClient;
  firstChunkAt: number;
  lastRound: number;
  onParagraph: (() => void) | undefined;
}

export async function runLoad(): Promise<void> {
  const start = await next<Start>('start');
  const rooms = new Map<string, Room>();
  const samples: number[] = [];
  let frames = 0;
  let pieces = 5;
  let gapMs = 0;
  const llm = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const room = rooms.get(String(req.headers['x-room']))!;
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(`data: ${JSON.stringify({ choices: [{ index: 0, delta: { role: 'assistant' } }] })}\n\n`);
      void (async () => {
        room.firstChunkAt = performance.now();
        for (let i = 0; i < pieces; i++) {
          if (res.destroyed) return;
          res.write(chunk(i === pieces - 1 ? ` word${i}.` : ` word${i}`));
          if (gapMs > 0) await sleep(gapMs);
        }
        res.end('data: [DONE]\n\n');
      })();
    });
  });
  await new Promise<void>((resolve) => llm.listen(0, '127.0.0.1', resolve));
  const llmUrl = `http://127.0.0.1:${(llm.address() as AddressInfo).port}/v1/chat/completions`;
  const apis = start.tenants.map(
    (t) =>
      new RtcClient({
        endpoint: start.url,
        accessKeyId: t.accessKeyId,
        secretAccessKey: t.secretAccessKey,
        retry: false,
        throttle: false,
      }),
  );

  const open = async (name: string, k: number): Promise<Room> => {
    const tenant = start.tenants[k % start.tenants.length]!;
    const api = apis[k % apis.length]!;
    const appId = tenant.appId;
    const client = new RoomClient({ url: `${start.url.replace(/^http/, 'ws')}/rtc/presence`, WebSocket });
    const token = new AccessToken({ appId, roomId: name, userId: 'human', expireAt: 0 }).addPrivilege(
      'SubscribeStream',
    );
    await client.join({ appId, roomId: name, userId: 'human', token: token.serialize(tenant.appKey) });
    const room: Room = { name, appId, api, client, firstChunkAt: 0, lastRound: -1, onParagraph: undefined };
    client.on('message', (m) => {
      if (!m.data) return;
      const d = decodeVoiceFrame(m.data);
      if (!d.ok || d.magic !== 'subv') return;
      frames++;
      const line = (d.payload as SubtitleMessage).data[0]!;
      if (line.userId !== 'bot') return;
      if (line.roundId > room.lastRound) {
        room.lastRound = line.roundId;
        samples.push(performance.now() - room.firstChunkAt);
      }
      if (line.paragraph && line.roundId === room.lastRound) room.onParagraph?.();
    });
    rooms.set(name, room);
    await api.call('StartVoiceChat', {
      AppId: appId,
      RoomId: name,
      TaskId: `task-${name}`,
      Config: {
        ASRConfig: { Provider: 'volcano', ProviderParams: {} },
        TTSConfig: { Provider: 'volcano', ProviderParams: {} },
        LLMConfig: { Mode: 'CustomLLM', URL: llmUrl, APIKey: 'bench-key', ExtraHeader: { 'X-Room': name } },
      },
      AgentConfig: { TargetUserId: ['human'], UserId: 'bot' },
    });
    return room;
  };
  const turn = (room: Room): Promise<void> =>
    new Promise((resolve, reject) => {
      room.onParagraph = () => {
        room.onParagraph = undefined;
        resolve();
      };
      room.api
        .call('UpdateVoiceChat', {
          AppId: room.appId,
          RoomId: room.name,
          TaskId: `task-${room.name}`,
          Command: 'ExternalTextToLLM',
          Message: 'hello',
          InterruptMode: 1,
        })
        .catch(reject);
    });

  // 1. Latency: one agent, turn after turn.
  const solo = await open('solo', 0);
  for (let i = 0; i < start.latencyTurns; i++) await turn(solo);
  send({ kind: 'latency', samples: samples.splice(0) });
  await next('go');

  // 2. Many agents at once: each answers 20 pieces 20 ms apart, then its user speaks again 200 ms later.
  pieces = 20;
  gapMs = 20;
  const many = await Promise.all(Array.from({ length: start.agents }, (_, i) => open(`room-${i}`, i)));
  send({ kind: 'agentsStarted', agents: many.length });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  frames = 0;
  let turns = 0;
  const until = Date.now() + start.loadSeconds * 1000;
  await Promise.all(
    many.map(async (room) => {
      while (Date.now() < until) {
        await turn(room);
        turns++;
        await sleep(200);
      }
    }),
  );
  const cpu = process.cpuUsage(cpu0);
  const loadCpuPct = ((cpu.user + cpu.system) / 1000 / (performance.now() - t0)) * 100;
  send({ kind: 'loadDone', agents: many.length, turns, frames, samples, loadCpuPct });
  await next('stop');
  for (const r of rooms.values()) r.client.close();
  for (const api of apis) await api.close();
  llm.close();
  llm.closeAllConnections();
  process.exit(0);
}
