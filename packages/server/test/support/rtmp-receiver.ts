// A real RTMP server for the push tests and the push benchmark: node-media-server's RTMP part on a port of its own,
// with when each stream was first published and when its publisher left, and a way to die mid-push.
import { createRequire } from 'node:module';
import type { Server, AddressInfo } from 'node:net';

interface NmsSession {
  socket: { localPort?: number };
  publishStreamPath?: string;
  isPublishing?: boolean;
  /** Video packets received from the publisher (counted by the wrapper below). */
  framesIn?: number;
  stop(): void;
}
interface NmsContext {
  sessions: Map<string, NmsSession>;
  nodeEvent: { on(event: string, listener: (id: string, path: string) => void): void };
}

const require = createRequire(import.meta.url);
const Logger = require('node-media-server/src/node_core_logger') as { setLogType(type: number): void };
const NodeRtmpServer = require('node-media-server/src/node_rtmp_server') as new (config: unknown) => {
  tcpServer: Server;
};
const context = require('node-media-server/src/node_core_ctx') as NmsContext;
const NodeRtmpSession = require('node-media-server/src/node_rtmp_session') as {
  prototype: { rtmpVideoHandler(this: NmsSession): unknown };
};
Logger.setLogType(0);
// Every video message a publisher sends is counted (the package counts only its first five seconds).
const handleVideo = NodeRtmpSession.prototype.rtmpVideoHandler;
NodeRtmpSession.prototype.rtmpVideoHandler = function (this: NmsSession) {
  this.framesIn = (this.framesIn ?? 0) + 1;
  return handleVideo.call(this);
};

export interface Publication {
  /** Date.now() when the publisher's stream was accepted. */
  publishedAt: number;
  /** Date.now() when it left; 0 while it publishes. */
  doneAt: number;
}

/** node-media-server's RTMP server on 127.0.0.1, port 0; its sessions are told apart from other receivers' by port. */
export class RtmpReceiver {
  readonly publications = new Map<string, Publication[]>();
  #server!: Server;
  port = 0;

  async start(): Promise<void> {
    const nrs = new NodeRtmpServer({
      rtmp: { port: 1, chunk_size: 60000, gop_cache: true, ping: 30, ping_timeout: 60 },
    });
    this.#server = nrs.tcpServer;
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.port = (this.#server.address() as AddressInfo).port;
    context.nodeEvent.on('postPublish', (id, path) => {
      if (!this.#mine(id)) return;
      const list = this.publications.get(path) ?? [];
      list.push({ publishedAt: Date.now(), doneAt: 0 });
      this.publications.set(path, list);
    });
    context.nodeEvent.on('donePublish', (id, path) => {
      const last = this.publications.get(path)?.at(-1);
      if (last && last.doneAt === 0 && this.#mine(id)) last.doneAt = Date.now();
    });
  }

  /** `rtmp://127.0.0.1:<port>/live/<name>`. */
  url(name: string): string {
    return `rtmp://127.0.0.1:${this.port}/live/${name}`;
  }

  /** Whether `name` is being published right now. */
  live(name: string): boolean {
    const last = this.publications.get(`/live/${name}`)?.at(-1);
    return last !== undefined && last.doneAt === 0;
  }

  /** Video frames received so far from the current publisher of `name` (0 when none). */
  videoFrames(name: string): number {
    for (const [id, session] of context.sessions) {
      if (this.#mine(id) && session.isPublishing && session.publishStreamPath === `/live/${name}`) {
        return session.framesIn ?? 0;
      }
    }
    return 0;
  }

  /** Dies: stops listening and drops every connection (a receiver that goes away mid-push). */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    for (const [id, session] of context.sessions) if (this.#mine(id)) session.stop();
    await closed;
  }

  #mine(id: string): boolean {
    return context.sessions.get(id)?.socket.localPort === this.port;
  }
}
