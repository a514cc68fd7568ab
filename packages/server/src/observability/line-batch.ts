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

/**
 * Hands log lines to a sonic-boom destination once per event-loop turn, joined. sonic-boom measures the byte length
 * of its whole pending buffer on every write(), a cost that grows with the backlog; one write per turn pays it
 * once. Lines wait at most until the check phase of the turn that wrote them, and are written synchronously at exit.
 */
export class LineBatch implements DestinationStream {
  #lines: string[] = [];
  #scheduled = false;
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
    this.#lines.push(line);
    if (!this.#scheduled) {
      this.#scheduled = true;
      setImmediate(this.#drain);
    }
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
    this.#scheduled = false;
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
