import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import {
  PRESENCE_MAX_FRAME_BYTES,
  PRESENCE_PATH,
  PresenceCloseCode,
  type FrameId,
  type ServerFrame,
  type ServerFrameOf,
} from '@rtc-openapi/api';
import {
  DEFAULT_BACKPRESSURE,
  OutboundGuard,
  type BackpressureLimits,
  type OverflowCause,
} from './connection-backpressure.js';
import { FrameQueue } from './frame-queue.js';
import { PresenceError } from './presence-error.js';
import { parseClientFrame, type FrameProblem, type ParsedClientFrame } from './parse-client-frame.js';
import type { RoomService } from './room-service.js';
import type { Member, PresenceConnection } from './room-state.js';
import { encodeFrame } from './server-frame.js';

/** The answer to a binary frame (binary messages travel base64-encoded in `send`). */
const BINARY_FRAME: FrameProblem = {
  code: 'MalformedFrame',
  message: 'frames are JSON text; binary frames are not accepted',
};

/** What the server holds for its presence connections, for tests and the flood benchmark. */
/** A public stream of an app as room clients see it (ServerFrameOf<'publicStream'> without its id). */
export type PublicStreamLookup = (
  appId: string,
  publicStreamId: string,
) => Omit<ServerFrameOf<'publicStream'>, 'type' | 'id' | 'publicStreamId'> | undefined;

export interface PresenceQueueStats {
  connections: number;
  /** Bytes queued for all connections now. */
  queuedBytes: number;
  /** The most one connection had queued after a send, since the server started. */
  peakConnectionQueuedBytes: number;
  /** Connections dropped for not reading (close 4005). */
  slowConsumersDropped: number;
}

/**
 * The WebSocket side of presence: upgrades on PRESENCE_PATH, turns text frames into RoomService calls and answers
 * each request frame with `ack` or `error` (echoing its `id`).
 */
export class PresenceGateway {
  readonly #wss: WebSocketServer;
  readonly #rooms: RoomService;
  /**
   * How `getPublicStream` is answered (the media task engine's public streams, set by the composition root once
   * it has built them); unset: every id is unknown.
   */
  publicStreams: PublicStreamLookup | undefined;
  readonly #logger: Logger | undefined;
  readonly #servers = new Set<HttpServer | HttpsServer>();
  readonly #limits: BackpressureLimits;
  #peakQueued = 0;
  #slowDropped = 0;
  readonly #onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => this.#upgrade(req, socket, head);

  constructor(rooms: RoomService, logger?: Logger, backpressure: Partial<BackpressureLimits> = {}) {
    this.#rooms = rooms;
    this.#logger = logger;
    this.#limits = { ...DEFAULT_BACKPRESSURE, ...backpressure };
    this.#wss = new WebSocketServer({ noServer: true, maxPayload: PRESENCE_MAX_FRAME_BYTES, perMessageDeflate: false });
  }

  attach(server: HttpServer | HttpsServer): void {
    if (this.#servers.has(server)) return;
    this.#servers.add(server);
    server.on('upgrade', this.#onUpgrade);
  }

  get limits(): Readonly<BackpressureLimits> {
    return this.#limits;
  }

  stats(): PresenceQueueStats {
    let queuedBytes = 0;
    for (const ws of this.#wss.clients) queuedBytes += ws.bufferedAmount;
    return {
      connections: this.#wss.clients.size,
      queuedBytes,
      peakConnectionQueuedBytes: this.#peakQueued,
      slowConsumersDropped: this.#slowDropped,
    };
  }

  async close(): Promise<void> {
    for (const s of this.#servers) s.off('upgrade', this.#onUpgrade);
    this.#servers.clear();
    for (const ws of this.#wss.clients) ws.terminate();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
  }

  #upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const path = (req.url ?? '').split('?')[0];
    if (path !== PRESENCE_PATH) {
      // Another upgrade listener may own that path; answer only when nobody else will.
      const server = [...this.#servers].find((s) => s.listenerCount('upgrade') > 1);
      if (!server) {
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      }
      return;
    }
    this.#wss.handleUpgrade(req, socket, head, (ws) => this.#connected(ws, req));
  }

  #connected(ws: WebSocket, req: IncomingMessage): void {
    // Every frame to this connection, answers and room traffic alike, goes out through the guard.
    const guard = new OutboundGuard(
      () => ws.bufferedAmount,
      this.#limits,
      (cause, queued) =>
        this.#tooSlow(ws, conn, cause, queued, () => {
          const m = member;
          member = undefined;
          return m;
        }),
    );
    const conn: PresenceConnection = {
      ip: normaliseIp(req.socket.remoteAddress ?? ''),
      send: (f) => {
        if (ws.readyState !== ws.OPEN) return;
        guard.send(() => ws.send(f));
        if (guard.peakQueuedBytes > this.#peakQueued) this.#peakQueued = guard.peakQueuedBytes;
      },
      close: (code, reason) => {
        if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(code, reason.slice(0, 120));
      },
    };
    let member: Member | undefined;
    let closed = false;

    const reply = (id: FrameId | undefined, body: ServerFrame): void =>
      conn.send(encodeFrame({ ...body, ...(id !== undefined && { id }) }));
    const fail = (id: FrameId | undefined, e: PresenceError): void =>
      reply(id, { type: 'error', code: e.code, message: e.message, ...e.details });
    /** A failure that is not a refusal: logged with its stack, answered with a plain InternalError. */
    const internalError = (e: unknown, id: FrameId | undefined, frameType?: string): void => {
      this.#logger?.error({ err: e, ...(frameType && { frameType }) }, 'presence frame failed');
      reply(id, { type: 'error', code: 'InternalError', message: 'the server could not handle this frame' });
    };
    // Every frame, malformed and binary ones included, is answered through this one queue: in arrival order.
    const frames = new FrameQueue(ws, (e) => internalError(e, undefined));

    const handle = async (f: ParsedClientFrame): Promise<void> => {
      if (f.type === 'ping') {
        reply(f.id, { type: 'pong' });
        return;
      }
      if (f.type === 'join') {
        if (member) throw new PresenceError('AlreadyJoined', 'this connection has joined a room already');
        try {
          const m = await this.#rooms.join(conn, f);
          if (closed) this.#rooms.connectionLost(m, conn);
          else member = m;
        } catch (e) {
          if (e instanceof PresenceError && !closed) {
            fail(f.id, e);
            const code = e.code === 'Banned' ? PresenceCloseCode.Banned : PresenceCloseCode.InvalidToken;
            ws.close(code, e.code);
            return;
          }
          throw e;
        }
        return;
      }
      if (!member) throw new PresenceError('NotJoined', `send join before ${f.type}`);
      switch (f.type) {
        case 'leave': {
          // The ack goes first: leaving closes the socket.
          const leaving = member;
          member = undefined;
          reply(f.id, { type: 'ack' });
          this.#rooms.leave(leaving, 'UserLeave');
          return;
        }
        case 'publish':
          this.#rooms.publish(member, f.stream, { audio: f.audio, video: f.video, data: f.data }, f.videoHeight);
          break;
        case 'unpublish':
          this.#rooms.unpublish(member, f.stream);
          break;
        case 'subscribe':
          this.#rooms.subscribe(member);
          break;
        case 'unsubscribe':
          break;
        case 'send':
          this.#rooms.sendFromUser(member, f.to, f.text !== undefined ? { text: f.text } : { binary: f.binary! });
          break;
        case 'renewToken': {
          const expireAt = await this.#rooms.renewToken(member, f.token);
          reply(f.id, { type: 'tokenRenewed', expireAt });
          return;
        }
        case 'setVisible':
          this.#rooms.setVisible(member, f.visible);
          break;
        case 'getPublicStream': {
          const found = this.publicStreams?.(member.room.appId, f.publicStreamId);
          reply(f.id, {
            type: 'publicStream',
            publicStreamId: f.publicStreamId,
            ...(found ?? { status: 0, roomId: '', streams: [] }),
          });
          return;
        }
      }
      reply(f.id, { type: 'ack' });
    };

    /** One frame, in its turn: anything it throws is answered (with its id when the frame had a readable one). */
    const handleFrame = async (text: string | undefined): Promise<void> => {
      const parsed = text === undefined ? { problem: BINARY_FRAME } : parseClientFrame(text);
      const f = 'frame' in parsed ? parsed.frame : undefined;
      const problem = 'problem' in parsed ? parsed.problem : undefined;
      const id = f ? f.id : problem?.id;
      try {
        // Any frame is a sign of life, binary and malformed ones too.
        if (member) this.#rooms.touch(member);
        if (f) await handle(f);
        else if (problem) reply(id, { type: 'error', code: problem.code, message: problem.message });
      } catch (e) {
        if (e instanceof PresenceError) fail(id, e);
        else internalError(e, id, f?.type);
      }
    };

    ws.on('message', (data: RawData, isBinary: boolean) => {
      // Nothing a client sends may escape this listener: ws would rethrow it as an uncaught exception, and the
      // process would end. Failures inside a frame's turn are the queue's to catch.
      try {
        if (isBinary) frames.push(rawSize(data), () => handleFrame(undefined));
        else {
          const text = rawText(data);
          frames.push(text.length, () => handleFrame(text));
        }
      } catch (e) {
        internalError(e, undefined);
      }
    });
    // A socket that never joins must not hold a slot forever.
    const joinDeadline = setTimeout(() => {
      if (!member) ws.close(PresenceCloseCode.HeartbeatTimeout, 'no join');
    }, this.#rooms.heartbeatTimeoutMs);
    joinDeadline.unref();
    ws.on('close', () => {
      closed = true;
      guard.dispose();
      clearTimeout(joinDeadline);
      if (member) this.#rooms.connectionLost(member, conn);
    });
    ws.on('error', (e) => this.#logger?.debug({ err: e }, 'presence socket error'));
  }

  /**
   * A connection that does not read what it is sent: its member (still on this connection) leaves the room with
   * reason SlowConsumer, the socket is closed with 4005 and, since a peer this slow would hold the close frame and
   * everything queued before it for ws's 30 s close timeout, destroyed if it has not closed within closeWaitMs.
   */
  #tooSlow(
    ws: WebSocket,
    conn: PresenceConnection,
    cause: OverflowCause,
    queuedBytes: number,
    takeMember: () => Member | undefined,
  ): void {
    this.#slowDropped++;
    const m = takeMember();
    this.#logger?.warn(
      { ip: conn.ip, ...(m && { appId: m.room.appId, roomId: m.room.roomId, userId: m.userId }), cause, queuedBytes },
      'presence connection dropped: it does not read what it is sent',
    );
    if (m && m.conn === conn) this.#rooms.leave(m, 'SlowConsumer', { closeCode: PresenceCloseCode.SlowConsumer });
    else conn.close(PresenceCloseCode.SlowConsumer, 'SlowConsumer');
    const destroy = setTimeout(() => ws.terminate(), this.#limits.closeWaitMs);
    destroy.unref();
    ws.once('close', () => clearTimeout(destroy));
  }
}

function rawSize(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((n, b) => n + b.length, 0);
  return data.byteLength;
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

function normaliseIp(ip: string): string {
  return ip.startsWith('::ffff:') ? ip.slice(7) : ip;
}
