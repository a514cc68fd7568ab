import type { StreamRef } from './recording/recording-spec.js';

/**
 * A stream's Index within a task: the one its TargetStreams entry gives, otherwise the lowest number no other
 * stream of the task has, in order of first appearance (as recordings number their streams).
 */
export class StreamIndexes {
  readonly #byStream = new Map<string, number>();
  readonly #used = new Set<number>();

  constructor(targets: readonly StreamRef[]) {
    for (const t of targets) {
      if (t.index === undefined) continue;
      this.#byStream.set(keyOf(t), t.index);
      this.#used.add(t.index);
    }
  }

  of(stream: { userId: string; streamType: number }): number {
    const key = keyOf(stream);
    let index = this.#byStream.get(key);
    if (index === undefined) {
      index = 0;
      while (this.#used.has(index)) index++;
      this.#used.add(index);
      this.#byStream.set(key, index);
    }
    return index;
  }
}

const keyOf = (s: { userId: string; streamType: number }): string => `${s.streamType}\u0000${s.userId}`;
