import { spawn, type ChildProcess } from 'node:child_process';
import { setPriority } from 'node:os';
import { liveRenderArgs, rtmpPushArgs, type LiveScene } from './live-scene.js';

/** Where a push is: connecting the first time, reconnecting after a loss, connected, media flowing, given up. */
export type PushPhase = 'connecting' | 'reconnecting' | 'connected' | 'pushing' | 'failed';

export interface RtmpPushOptions {
  ffmpeg: string;
  /** The labels' font; undefined: no labels. */
  font: string | undefined;
  url: string;
  scene: LiveScene;
  /** Connection attempts after a refusal or a loss before the push fails. */
  retries: number;
  /** Wall-clock ms before retry `attempt` (1-based). */
  retryDelayMs(attempt: number): number;
  onPhase(phase: PushPhase, detail: string): void;
}

/** What a push has done so far (its benchmark and its tests read it). */
export interface PushStats {
  /** Video frames the receiver has been sent, over every connection. */
  framesSent: number;
  /** Wall-clock ms (Date.now) when media first flowed; 0 before. */
  firstPushAt: number;
  /** Connections made (the first and every reconnection). */
  connections: number;
}

/** MPEG-TS packets are 188 bytes: only whole packets are handed from a renderer to the pusher. */
const TS_PACKET = 188;
const STDERR_TAIL = 2048;

interface Renderer {
  child: ChildProcess;
  rest: Buffer;
  spawnedAt: number;
  live: boolean;
}

/**
 * A live RTMP push of synthetic scenes. One long-lived pusher ffmpeg copies MPEG-TS from its stdin into FLV over
 * RTMP; a renderer ffmpeg renders the current scene at real-time pace into it. A new scene starts a new renderer
 * whose timestamps continue the old one's; it replaces the old one at its first packet, so the RTMP session survives
 * layout changes. A refused or lost connection is retried `retries` times, then the push fails.
 */
export class RtmpPush {
  readonly #o: RtmpPushOptions;
  #scene: LiveScene;
  #pusher: ChildProcess | undefined;
  #current: Renderer | undefined;
  #next: Renderer | undefined;
  #origin = 0;
  #startupMs = 300;
  #attempt = 0;
  #framesBefore = 0;
  #frames = 0;
  #pushing = false;
  #stopped = false;
  #retry: NodeJS.Timeout | undefined;
  #exited: Promise<void> = Promise.resolve();
  readonly #stats: PushStats = { framesSent: 0, firstPushAt: 0, connections: 0 };

  constructor(options: RtmpPushOptions) {
    this.#o = options;
    this.#scene = options.scene;
  }

  get stats(): PushStats {
    return { ...this.#stats, framesSent: this.#framesBefore + this.#frames };
  }

  start(): void {
    this.#origin = Date.now();
    this.#connect();
  }

  /** Renders `scene` from now on (a new renderer takes over at its first packet). */
  setScene(scene: LiveScene): void {
    this.#scene = scene;
    if (this.#stopped || !this.#pusher) return;
    if (this.#next) kill(this.#next.child);
    this.#next = this.#renderer();
  }

  /** Ends the push: the pusher is given the end of its input (it closes the RTMP session), then killed if slow. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#retry) clearTimeout(this.#retry);
    for (const r of [this.#current, this.#next]) if (r) kill(r.child);
    const pusher = this.#pusher;
    if (pusher) {
      pusher.stdin?.end();
      const timer = setTimeout(() => pusher.kill('SIGKILL'), 2000);
      await this.#exited;
      clearTimeout(timer);
    }
  }

  #connect(): void {
    if (this.#stats.connections === 0) this.#o.onPhase('connecting', '');
    this.#stats.connections += 1;
    this.#framesBefore += this.#frames;
    this.#frames = 0;
    this.#pushing = false;
    const pusher = lowPriority(spawn(this.#o.ffmpeg, rtmpPushArgs(this.#o.url), { stdio: ['pipe', 'pipe', 'pipe'] }));
    this.#pusher = pusher;
    let err = '';
    let connected = false;
    let lines = '';
    pusher.stdin!.on('error', () => {}); // EPIPE once it has gone: its exit says why.
    pusher.stderr!.on('data', (chunk: Buffer) => {
      err = (err + chunk.toString()).slice(-STDERR_TAIL);
    });
    pusher.stdout!.on('data', (chunk: Buffer) => {
      lines += chunk.toString();
      const cut = lines.lastIndexOf('\n');
      if (cut < 0) return;
      for (const line of lines.slice(0, cut).split('\n')) {
        const [name, value] = line.split('=');
        if (!connected) {
          // Progress is written once the output is open: the RTMP session is up.
          connected = true;
          this.#o.onPhase('connected', '');
        }
        if (name === 'frame') this.#frames = Number(value) || 0;
        if (name === 'out_time_ms' && Number(value) > 0 && !this.#pushing) {
          this.#pushing = true;
          this.#attempt = 0;
          this.#stats.firstPushAt ||= Date.now();
          this.#o.onPhase('pushing', '');
        }
      }
      lines = lines.slice(cut + 1);
    });
    this.#exited = new Promise((resolve) => {
      pusher.once('close', (code, signal) => {
        resolve();
        if (this.#pusher === pusher) this.#pusher = undefined;
        for (const r of [this.#current, this.#next]) if (r) kill(r.child);
        this.#current = this.#next = undefined;
        if (this.#stopped) return;
        this.#lost(`the RTMP push ended (${code ?? signal}): ${lastLine(err) || 'no reason given'}`);
      });
    });
    pusher.once('error', (error) => this.#lost(`the pusher could not run: ${error.message}`));
    this.#current = this.#renderer();
  }

  /** The connection was refused or lost: retry after a delay, or fail once the retries are spent. */
  #lost(text: string): void {
    if (this.#stopped || this.#retry) return;
    // The PushURL may carry the CDN's stream key: it is never repeated in a message.
    const reason = text.split(this.#o.url).join('the PushURL');
    this.#attempt += 1;
    if (this.#attempt > this.#o.retries) {
      this.#stopped = true;
      this.#o.onPhase('failed', reason);
      return;
    }
    this.#o.onPhase('reconnecting', reason);
    this.#retry = setTimeout(() => {
      this.#retry = undefined;
      if (!this.#stopped) this.#connect();
    }, this.#o.retryDelayMs(this.#attempt));
  }

  /** A renderer of the current scene whose timestamps go on from where the push is now. */
  #renderer(): Renderer {
    const offset = (Date.now() - this.#origin + (this.#current ? this.#startupMs : 0)) / 1000;
    const args = liveRenderArgs(this.#scene, this.#o.font, offset);
    const child = lowPriority(spawn(this.#o.ffmpeg, args, { stdio: ['ignore', 'pipe', 'ignore'] }));
    const renderer: Renderer = { child, rest: Buffer.alloc(0), spawnedAt: Date.now(), live: true };
    child.stdout!.on('data', (chunk: Buffer) => this.#forward(renderer, chunk));
    child.once('error', () => undefined);
    child.once('close', () => {
      const wasCurrent = this.#current === renderer && renderer.live;
      renderer.live = false;
      // A renderer that ends on its own (not replaced, not stopped) takes the push down with it: it is retried.
      if (wasCurrent && !this.#stopped) this.#pusher?.kill('SIGKILL');
    });
    return renderer;
  }

  #forward(renderer: Renderer, chunk: Buffer): void {
    if (renderer === this.#next) {
      // The new scene's first packets: it takes over, the old renderer goes.
      this.#startupMs = Date.now() - renderer.spawnedAt;
      const old = this.#current;
      this.#current = renderer;
      this.#next = undefined;
      if (old) {
        old.live = false;
        kill(old.child);
      }
    }
    if (renderer !== this.#current) return;
    const data = renderer.rest.length > 0 ? Buffer.concat([renderer.rest, chunk]) : chunk;
    const whole = data.length - (data.length % TS_PACKET);
    renderer.rest = data.subarray(whole);
    if (whole > 0) this.#pusher?.stdin?.write(data.subarray(0, whole));
  }
}

function kill(child: ChildProcess): void {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

/** Media work runs below the server's priority, so the API stays responsive (as renders do: run-process.ts). */
function lowPriority(child: ChildProcess): ChildProcess {
  if (child.pid !== undefined) {
    try {
      setPriority(child.pid, 10);
    } catch {
      // Not allowed here: it runs at the server's priority.
    }
  }
  return child;
}

function lastLine(text: string): string {
  return text.trim().split('\n').at(-1)?.trim() ?? '';
}
