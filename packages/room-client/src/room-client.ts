import { encodeVoiceFrame, type VoiceFramePayloads } from '@rtc-openapi/api';
import { base64ToBytes, bytesToBase64 } from './base64.js';
import {
  PROTOCOL_VERSION,
  type ClientFrame,
  type JoinedRoom,
  type PublicStreamInfo,
  type RemoteUser,
  type ServerFrame,
  type StreamName,
  type StreamState,
} from './protocol.js';
import { RoomClientError } from './room-client-error.js';
import type {
  JoinOptions,
  PublishOptions,
  RoomClientEvents,
  RoomClientOptions,
  RoomClientState,
  WebSocketConstructor,
  WebSocketLike,
} from './room-client-options.js';
import { errorOf, joinedFrameProblem } from './server-answers.js';
import { TypedEmitter } from './typed-emitter.js';

export type {
  JoinOptions,
  PublishOptions,
  ReceivedMessage,
  RoomClientEvents,
  RoomClientOptions,
  RoomClientState,
  WebSocketConstructor,
} from './room-client-options.js';

interface Pending {
  resolve: (frame: ServerFrame) => void;
  reject: (error: RoomClientError) => void;
  timer: ReturnType<typeof setTimeout>;
}

const OPEN = 1;

/** One user's presence in one room over the presence WebSocket protocol. */
export class RoomClient extends TypedEmitter<RoomClientEvents> {
  readonly #url: string;
  readonly #WebSocket: WebSocketConstructor;
  readonly #requestTimeoutMs: number;
  #ws: WebSocketLike | undefined;
  #join: JoinOptions | undefined;
  #state: RoomClientState = 'idle';
  #nextId = 1;
  readonly #pending = new Map<number, Pending>();
  #heartbeat: ReturnType<typeof setInterval> | undefined;
  readonly #users = new Map<string, RemoteUser>();

  constructor(options: RoomClientOptions) {
    super();
    if (typeof options?.url !== 'string' || !/^wss?:\/\//.test(options.url)) {
      throw new RoomClientError('InvalidArgument', 'url must be a ws:// or wss:// URL', { field: 'url' });
    }
    const ctor = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
    if (typeof ctor !== 'function') {
      throw new RoomClientError(
        'InvalidArgument',
        "there is no global WebSocket here (Node 20): pass the ws package's WebSocket as options.WebSocket",
        { field: 'WebSocket' },
      );
    }
    this.#url = options.url;
    this.#WebSocket = ctor;
    this.#requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
  }

  get state(): RoomClientState {
    return this.#state;
  }

  /** The visible users in the room (besides this one) and what they publish. */
  get users(): ReadonlyMap<string, RemoteUser> {
    return this.#users;
  }

  /** Opens the connection and joins. Rejects with RoomClientError (InvalidToken, TokenExpired, Banned...). */
  async join(options: JoinOptions): Promise<JoinedRoom> {
    if (this.#state === 'connecting' || this.#state === 'joined') {
      throw new RoomClientError('AlreadyJoined', 'leave before joining again');
    }
    for (const field of ['appId', 'roomId', 'userId', 'token'] as const) {
      if (typeof options?.[field] !== 'string' || options[field] === '') {
        throw new RoomClientError('InvalidArgument', `${field} must be a non-empty string`, { field });
      }
    }
    this.#join = options;
    return this.#connect();
  }

  /**
   * Opens a new connection and joins again with the same token. Within the server's heartbeat timeout of the
   * old connection going away this resumes the session: no leave or join is seen by the room, streams are kept.
   */
  async reconnect(): Promise<JoinedRoom> {
    if (!this.#join) throw new RoomClientError('NotJoined', 'join before reconnecting');
    this.#drop();
    return this.#connect();
  }

  /** Leaves the room; the server then closes the connection. */
  async leave(): Promise<void> {
    if (this.#state !== 'joined') return;
    await this.#request({ type: 'leave' });
    this.#join = undefined;
  }

  /** Declares what this user publishes on a stream (replacing the previous declaration); all false unpublishes. */
  async publish(stream: StreamName, media: PublishOptions): Promise<void> {
    await this.#request({ type: 'publish', stream, ...media });
  }

  async unpublish(stream: StreamName): Promise<void> {
    await this.#request({ type: 'unpublish', stream });
  }

  async subscribe(userId: string, stream: StreamName, media: { audio?: boolean; video?: boolean } = {}): Promise<void> {
    await this.#request({ type: 'subscribe', userId, stream, ...media });
  }

  async unsubscribe(userId: string, stream: StreamName): Promise<void> {
    await this.#request({ type: 'unsubscribe', userId, stream });
  }

  /** Sends text or bytes to one user of the room (`to`) or to everyone else in it. At most 64 KB. */
  async sendMessage(message: string | Uint8Array, options: { to?: string } = {}): Promise<void> {
    const body =
      typeof message === 'string'
        ? { text: message }
        : message instanceof Uint8Array
          ? { binary: bytesToBase64(message) }
          : undefined;
    if (!body)
      throw new RoomClientError('InvalidArgument', 'message must be a string or a Uint8Array', { field: 'message' });
    await this.#request({ type: 'send', ...(options.to !== undefined && { to: options.to }), ...body });
  }

  /**
   * Sends a voice agent one of the frames a client sends it (`ctrl` a command, `func` a function-call answer,
   * `spch` words said): a binary message to the agent's UserId (docs/voice-agent.md).
   */
  async sendVoiceFrame<M extends 'ctrl' | 'func' | 'spch'>(
    agentUserId: string,
    magic: M,
    payload: VoiceFramePayloads[M],
  ): Promise<void> {
    await this.sendMessage(encodeVoiceFrame(magic, payload), { to: agentUserId });
  }

  /**
   * Says `text` to a voice agent. No audio flows through this server: this is the stand-in for speech, heard by the
   * agent's simulated speech recognition as if spoken (a `spch` frame; docs/voice-agent.md).
   */
  async speakToAgent(agentUserId: string, text: string): Promise<void> {
    await this.sendVoiceFrame(agentUserId, 'spch', { Text: text });
  }

  /** Replaces the token (before it expires); later reconnects use the new one. Returns its expiry (unix s). */
  async renewToken(token: string): Promise<{ expireAt: number }> {
    const answer = await this.#request({ type: 'renewToken', token });
    if (this.#join) this.#join = { ...this.#join, token };
    return { expireAt: answer.type === 'tokenRenewed' ? answer.expireAt : 0 };
  }

  async setVisible(visible: boolean): Promise<void> {
    await this.#request({ type: 'setVisible', visible });
    if (this.#join) this.#join = { ...this.#join, visible };
  }

  /**
   * A public stream of this app by its PublicStreamId (StartPushPublicStream): its `status` (0 unknown id, 1 not
   * started, 2 running, 3 ended, 4 failed), its room and the streams it carries now. Ask again to see it change.
   */
  async publicStream(publicStreamId: string): Promise<PublicStreamInfo> {
    const answer = await this.#request({ type: 'getPublicStream', publicStreamId });
    if (answer.type !== 'publicStream') throw new RoomClientError('InternalError', `unexpected answer ${answer.type}`);
    const { status, roomId, streams } = answer;
    return { publicStreamId: answer.publicStreamId, status, roomId, streams };
  }

  /** Drops the connection without leaving (the server keeps the session until its heartbeat timeout). */
  close(): void {
    this.#drop();
    this.#state = 'closed';
  }

  // ---- internals ----

  #connect(): Promise<JoinedRoom> {
    const options = this.#join!;
    this.#state = 'connecting';
    return new Promise<JoinedRoom>((resolve, reject) => {
      let ws: WebSocketLike;
      try {
        ws = new this.#WebSocket(this.#url) as WebSocketLike;
      } catch (e) {
        this.#state = 'closed';
        reject(new RoomClientError('Disconnected', `could not open ${this.#url}: ${String(e)}`));
        return;
      }
      this.#ws = ws;
      let opened = false;
      ws.onopen = () => {
        opened = true;
        this.#request(
          {
            type: 'join',
            v: PROTOCOL_VERSION,
            appId: options.appId,
            roomId: options.roomId,
            userId: options.userId,
            token: options.token,
            visible: options.visible ?? true,
            ...(options.device && { device: options.device }),
          },
          true,
        ).then(
          (frame) => {
            const problem = joinedFrameProblem(frame);
            if (problem !== undefined) {
              // A socket that answered join with nonsense is of no further use: close it, so the state is 'closed'.
              if (this.#ws === ws) this.#drop();
              reject(new RoomClientError('ProtocolError', problem));
              return;
            }
            const answer = frame as Extract<ServerFrame, { type: 'joined' }>;
            this.#state = 'joined';
            this.#users.clear();
            for (const u of answer.users) this.#users.set(u.userId, { userId: u.userId, streams: [...u.streams] });
            this.#startHeartbeat(answer.heartbeatIntervalMs);
            const { type: _type, id: _id, v: _v, ...joined } = answer;
            resolve(joined);
          },
          (error: unknown) => {
            // Refused, timed out or disconnected: leave no half-open socket behind a 'connecting' state.
            if (this.#ws === ws) this.#drop();
            this.#state = 'closed';
            reject(error);
          },
        );
      };
      ws.onmessage = (ev) => {
        if (this.#ws === ws) this.#onFrame(ev.data);
      };
      ws.onerror = () => {
        if (!opened && this.#ws === ws)
          reject(new RoomClientError('Disconnected', `could not connect to ${this.#url}`));
      };
      ws.onclose = (ev) => {
        if (this.#ws !== ws) return;
        this.#closed(ev.code, ev.reason);
        if (!opened) reject(new RoomClientError('Disconnected', `could not connect to ${this.#url}`));
      };
    });
  }

  /** Sends `frame` with the next request id and waits for its answer. */
  #request(frame: ClientFrame, joining = false): Promise<ServerFrame> {
    const ws = this.#ws;
    if (!ws || ws.readyState !== OPEN || (!joining && this.#state !== 'joined')) {
      return Promise.reject(new RoomClientError('NotJoined', 'the client is not in a room'));
    }
    const id = this.#nextId++;
    return new Promise<ServerFrame>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new RoomClientError('Timeout', `no answer to ${frame.type} within ${this.#requestTimeoutMs} ms`));
      }, this.#requestTimeoutMs);
      this.#pending.set(id, { resolve, reject, timer });
      ws.send(JSON.stringify({ ...frame, id }));
    });
  }

  #onFrame(data: unknown): void {
    let frame: ServerFrame;
    try {
      frame = JSON.parse(typeof data === 'string' ? data : String(data)) as ServerFrame;
    } catch {
      this.emit('error', new RoomClientError('ProtocolError', 'the server sent a frame that is not JSON'));
      return;
    }
    const id = 'id' in frame ? frame.id : undefined;
    if (typeof id === 'number' && this.#pending.has(id)) {
      const p = this.#pending.get(id)!;
      this.#pending.delete(id);
      clearTimeout(p.timer);
      if (frame.type === 'error') p.reject(errorOf(frame));
      else p.resolve(frame);
      return;
    }
    switch (frame.type) {
      case 'error':
        this.emit('error', errorOf(frame));
        break;
      case 'userJoined':
        this.#users.set(frame.userId, { userId: frame.userId, streams: [] });
        this.emit('userJoined', { userId: frame.userId });
        break;
      case 'userLeft':
        this.#users.delete(frame.userId);
        this.emit('userLeft', { userId: frame.userId, reason: frame.reason });
        break;
      case 'streamPublished': {
        const { type: _t, ...event } = frame;
        const user = this.#users.get(frame.userId);
        if (user) {
          const state: StreamState = { stream: frame.stream, audio: frame.audio, video: frame.video, data: frame.data };
          user.streams = [...user.streams.filter((s) => s.stream !== frame.stream), state];
        }
        this.emit('streamPublished', event);
        break;
      }
      case 'streamUnpublished': {
        const user = this.#users.get(frame.userId);
        if (user) user.streams = user.streams.filter((s) => s.stream !== frame.stream);
        this.emit('streamUnpublished', { userId: frame.userId, stream: frame.stream });
        break;
      }
      case 'message':
        this.emit('message', {
          from: frame.from,
          kind: frame.kind,
          ...(frame.text !== undefined && { text: frame.text }),
          ...(frame.binary !== undefined && { data: base64ToBytes(frame.binary) }),
        });
        break;
      case 'kicked':
        this.emit('kicked', { code: frame.code, reason: frame.reason, ...(frame.until && { until: frame.until }) });
        break;
      case 'roomDismissed':
        this.emit('roomDismissed', { code: frame.code });
        break;
      case 'streamBanned':
        if (frame.banned) {
          this.emit('streamBanned', {
            userId: frame.userId,
            media: frame.media,
            ...(frame.until && { until: frame.until }),
          });
        } else this.emit('streamUnbanned', { userId: frame.userId, media: frame.media });
        break;
      case 'privilegesLimited':
        this.emit('privilegesLimited', { privileges: frame.privileges, until: frame.until });
        break;
      case 'tokenWillExpire':
        this.emit('tokenWillExpire', { expireAt: frame.expireAt });
        break;
      case 'tokenExpired':
        this.emit('tokenExpired', { code: frame.code });
        break;
    }
  }

  #startHeartbeat(intervalMs: number): void {
    clearInterval(this.#heartbeat);
    this.#heartbeat = setInterval(() => {
      if (this.#ws?.readyState === OPEN) this.#ws.send(JSON.stringify({ type: 'ping' }));
    }, intervalMs);
    (this.#heartbeat as { unref?: () => void }).unref?.();
  }

  #closed(code: number, reason: string): void {
    clearInterval(this.#heartbeat);
    this.#ws = undefined;
    this.#state = 'closed';
    for (const [id, p] of this.#pending) {
      clearTimeout(p.timer);
      this.#pending.delete(id);
      p.reject(new RoomClientError('Disconnected', `the connection closed (${code}${reason ? ` ${reason}` : ''})`));
    }
    this.emit('disconnected', { code, reason });
  }

  /** Forgets the current socket (its late events are ignored) and closes it. */
  #drop(): void {
    const ws = this.#ws;
    if (!ws) return;
    this.#closed(1000, 'client closed');
    try {
      ws.close(1000, 'client closed');
    } catch {
      // Closing a socket that never opened throws in some implementations; it is gone either way.
    }
  }
}
