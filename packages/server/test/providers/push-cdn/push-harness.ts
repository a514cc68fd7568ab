// The whole server (recording harness) with a callback receiver subscribed to the Transcode* events, a real RTMP
// server (node-media-server) receiving the pushes, and what a player sees of a live stream.
import { spawn } from 'node:child_process';
import { findMediaBinaries } from '../../../src/media/media-binaries.js';
import { RtmpReceiver } from '../../support/rtmp-receiver.js';
import {
  CALLBACK_SECRET,
  CallbackReceiver,
  sleep,
  startRecordingWorld,
  type RecordingWorld,
} from '../recording/recording-harness.js';

export const TRANSCODE_EVENTS = ['TranscodeStarted', 'TranscodeUpdated', 'TranscodeStateChanged', 'TranscodeStopped'];

export interface PushWorld extends RecordingWorld {
  rtmp: RtmpReceiver;
  /** Every callback of `eventType` for `taskId`, in arrival order. */
  events(eventType: string, taskId: string): Record<string, unknown>[];
  /** Calls an action of the push areas through our client (every version). */
  call(action: string, params: Record<string, unknown>, version?: string): Promise<unknown>;
}

export async function startPushWorld(options: { timeScale?: number; events?: string[] } = {}): Promise<PushWorld> {
  const receiver = new CallbackReceiver();
  await receiver.start();
  const world = await startRecordingWorld({ receiver, ...(options.timeScale && { timeScale: options.timeScale }) });
  await world.client.call('CreateCallback', {
    AppID: world.dev.appId,
    BusinessId: 'push',
    EventList: options.events ?? TRANSCODE_EVENTS,
    SecretKey: CALLBACK_SECRET,
    URL: receiver.url,
  });
  const rtmp = new RtmpReceiver();
  await rtmp.start();
  return {
    ...world,
    rtmp,
    events: (eventType, taskId) =>
      receiver.received
        .filter((c) => c.EventType === eventType && c.EventData.TaskId === taskId)
        .map((c) => c.EventData),
    call: (action, params, version) =>
      (world.client.call as (a: string, p: unknown, o: unknown) => Promise<unknown>)(
        action,
        params,
        version ? { version } : {},
      ),
    async close(opts) {
      await world.close(opts);
      await rtmp.close();
      await receiver.close();
    },
  };
}

/** Waits until `what` answers something other than undefined or false. */
export async function until<T>(
  what: () => T | undefined | false | Promise<T | undefined | false>,
  label: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await what();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}`);
    await sleep(100);
  }
}

/** The RGB of the pixel at (x, y) of a frame of the live stream scaled to 64x36 (the first frame a player gets). */
export function livePixel(url: string, x: number, y: number): Promise<[number, number, number]> {
  return new Promise((resolve, reject) => {
    const args = ['-hide_banner', '-nostdin', '-loglevel', 'error', '-rw_timeout', '5000000', '-i', url];
    const out = ['-frames:v', '1', '-vf', 'scale=64:36', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'];
    const child = spawn(findMediaBinaries().ffmpeg, [...args, ...out]);
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('error', reject);
    child.once('close', () => {
      clearTimeout(timer);
      const frame = Buffer.concat(chunks);
      if (frame.length < 64 * 36 * 3) return reject(new Error('no frame from the live stream'));
      const at = (y * 64 + x) * 3;
      resolve([frame[at]!, frame[at + 1]!, frame[at + 2]!]);
    });
  });
}
