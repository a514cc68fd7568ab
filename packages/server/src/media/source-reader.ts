import { spawn, type ChildProcess } from 'node:child_process';

/** What a source holds, as ffmpeg reads it when it opens it. */
export interface SourceMedia {
  audio: boolean;
  video: boolean;
}

export interface SourceReaderOptions {
  ffmpeg: string;
  url: string;
  /** Play a file source again from its start when it ends (`Loop`). */
  loop: boolean;
  /** Wall-clock ms the source has to open and deliver media in. */
  openTimeoutMs: number;
  /** The source opened and its media flows (at its own pace). */
  onOpened(media: SourceMedia): void;
  /** It cannot be opened, broke off, or ended: called once, unless stop() came first. */
  onEnded(outcome: 'unopened' | 'ended' | 'broken', detail: string): void;
}

const STDERR_TAIL = 2048;

/**
 * Really reads a media source (a file, HTTP(S), RTMP, HLS: whatever ffmpeg opens) at its native pace (`-re`), the
 * way a relay pulls it, with a network timeout: ffmpeg demuxes and decodes nothing it does not need (stream copy to
 * nowhere) and reports its progress; the streams it found say whether the source carries audio and video.
 */
export class SourceReader {
  readonly #o: SourceReaderOptions;
  #child: ChildProcess | undefined;
  #stopped = false;
  #opened = false;
  #timer: NodeJS.Timeout | undefined;

  constructor(options: SourceReaderOptions) {
    this.#o = options;
  }

  start(): void {
    const { url, loop } = this.#o;
    const network = /^[a-z]+:\/\//i.test(url) && !url.startsWith('file:');
    const args = ['-hide_banner', '-nostdin', '-loglevel', 'info', '-re'];
    if (network) args.push('-rw_timeout', String(this.#o.openTimeoutMs * 1000));
    if (loop && !network) args.push('-stream_loop', '-1');
    args.push('-i', url, '-map', '0', '-c', 'copy', '-f', 'null', '-progress', 'pipe:1', '-');
    const child = spawn(this.#o.ffmpeg, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.#child = child;
    let err = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      err = (err + chunk.toString()).slice(-STDERR_TAIL * 4);
    });
    child.stdout!.on('data', (chunk: Buffer) => {
      if (this.#opened || this.#stopped || !/out_time_ms=\d+/.test(chunk.toString())) return;
      this.#opened = true;
      clearTimeout(this.#timer);
      this.#o.onOpened({ audio: /Stream #0:\d+.*?: Audio:/.test(err), video: /Stream #0:\d+.*?: Video:/.test(err) });
    });
    this.#timer = setTimeout(() => {
      if (!this.#opened) child.kill('SIGKILL');
    }, this.#o.openTimeoutMs);
    child.once('error', () => undefined);
    child.once('close', (code, signal) => {
      clearTimeout(this.#timer);
      if (this.#stopped) return;
      this.#stopped = true;
      const reason = lastError(err) || `ffmpeg exited with ${code ?? signal}`;
      if (!this.#opened) this.#o.onEnded('unopened', signal ? `no media within ${this.#o.openTimeoutMs} ms` : reason);
      else this.#o.onEnded(code === 0 ? 'ended' : 'broken', code === 0 ? 'the source ended' : reason);
    });
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
    const child = this.#child;
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

/** The last line of ffmpeg's log that is not progress chatter. */
function lastError(text: string): string {
  const lines = text
    .trim()
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('frame=') && !l.startsWith('size='));
  return lines.at(-1)?.slice(0, 300) ?? '';
}
