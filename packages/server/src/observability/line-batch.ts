import type { DestinationStream } from 'pino';

/** What pino.destination() returns (sonic-boom), as far as batching needs it. */
interface SonicBoomLike extends DestinationStream {
  fd: number;
  flush(cb?: (error?: Error | null) => void): void;
  flushSync(): void;
}

export function isSonicBoom(stream: DestinationStream): stream is SonicBoomLike {
  const candidate = stream as Partial<SonicBoomLike>;
  return typeof candidate.flushSync === 'function' && typeof candidate.fd === 'number';
}

const live = new Set<WeakRef<LineBatch>>();
let exitHookInstalled = false;

/** A batch goes out once it holds this many lines (about 16 KB of request lines, sonic-boom's largest write). */
const MAX_LINES = 64;
/** ...or once its first line has waited this long. */
const MAX_WAIT_MS = 20;

/**
 * Hands log lines to a sonic-boom destination in batches, joined: one write per 64 lines or per 20 ms, whichever
 * comes first. Every write costs sonic-boom a byte count of its pending buffer, an fs.write and its completion
 * callback on this thread; under load, batching by size takes that cost from once per event-loop turn (a few
 * requests) to once per 64 lines. Lines wait at most 20 ms, and are written synchronously at exit.
 */
export class LineBatch implements DestinationStream {
  #lines: string[] = [];
  #timer: NodeJS.Timeout | undefined;
  readonly #target: SonicBoomLike;

  constructor(target: SonicBoomLike) {
    this.#target = target;
    for (const ref of live) if (ref.deref() === undefined) live.delete(ref);
    live.add(new WeakRef(this));
    if (!exitHookInstalled) {
      exitHookInstalled = true;
      process.once('exit', flushAllAtExit);
    }
  }

  write(line: string): void {
    const count = this.#lines.push(line);
    if (count >= MAX_LINES) this.#drain();
    else if (count === 1) this.#timer = setTimeout(this.#drain, MAX_WAIT_MS);
  }

  /** pino's logger.flush() calls this. */
  flush(cb?: (error?: Error | null) => void): void {
    this.#drain();
    this.#target.flush(cb);
  }

  flushSync(): void {
    this.#drain();
    this.#target.flushSync();
  }

  readonly #drain = (): void => {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#lines.length === 0) return;
    const text = this.#lines.length === 1 ? this.#lines[0]! : this.#lines.join('');
    this.#lines = [];
    this.#target.write(text);
  };
}

function flushAllAtExit(): void {
  for (const ref of live) {
    try {
      ref.deref()?.flushSync();
    } catch {
      // A destination already closed (or not yet open) at exit: nothing more can be written to it.
    }
  }
}
