// Reading a live RTMP stream as a player would: ffprobe for its streams, ffmpeg for how fast its media time advances
// against the wall clock.
import { spawn } from 'node:child_process';
import { findMediaBinaries } from '../../src/media/media-binaries.js';
import { runProcess } from '../../src/media/run-process.js';

export interface LiveStreams {
  streams: { codec_type: string; codec_name: string; width?: number; height?: number }[];
}

/** ffprobe's reading of the stream's codecs and resolution. */
export async function probeLive(url: string): Promise<LiveStreams> {
  const args = ['-v', 'error', '-rw_timeout', '5000000', '-print_format', 'json', '-show_streams', url];
  return JSON.parse(await runProcess(findMediaBinaries().ffprobe, args)) as LiveStreams;
}

/**
 * Plays the stream (ffmpeg, copied to nowhere) and answers how far its media time moved over `seconds` of wall time
 * counted from the first progress the player reports (after it has probed the stream and taken the receiver's burst
 * of cached frames): a live stream moves about as fast as the wall clock.
 */
export function mediaPace(url: string, seconds: number): Promise<{ mediaMs: number; wallMs: number }> {
  return new Promise((resolve, reject) => {
    const args = ['-hide_banner', '-nostdin', '-loglevel', 'error', '-rw_timeout', '5000000', '-i', url];
    const child = spawn(findMediaBinaries().ffmpeg, [...args, '-c', 'copy', '-progress', 'pipe:1', '-f', 'null', '-']);
    const marks: { wall: number; media: number }[] = [];
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err = (err + chunk.toString()).slice(-1000)));
    let text = '';
    let timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.stdout.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      for (const m of text.matchAll(/out_time_ms=(\d+)/g)) {
        if (marks.length === 0) {
          clearTimeout(timer);
          timer = setTimeout(() => child.kill('SIGKILL'), seconds * 1000);
        }
        marks.push({ wall: Date.now(), media: Number(m[1]) / 1000 });
      }
      text = text.slice(text.lastIndexOf('\n') + 1);
    });
    child.once('error', reject);
    child.once('close', () => {
      clearTimeout(timer);
      if (marks.length < 2) return reject(new Error(`the stream played too little: ${JSON.stringify(marks)} ${err}`));
      const first = marks[0]!;
      const last = marks.at(-1)!;
      resolve({ mediaMs: last.media - first.media, wallMs: last.wall - first.wall });
    });
  });
}
