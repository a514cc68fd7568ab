import type { SubtitleLine } from '@rtc-openapi/api';
import type { VoiceTaskKey } from './voice-store.js';

/** One line of an agent's live transcript: a subtitle (the user's or the agent's words) or a stage it reached. */
export type TranscriptEntry =
  | {
      kind: 'subtitle';
      /** Unix ms. */
      at: number;
      roundId: number;
      userId: string;
      text: string;
      /** A line is sent again, longer, until it is `definite`: a later entry with the same sequence replaces it. */
      sequence: number;
      definite: boolean;
      paragraph: boolean;
    }
  | {
      kind: 'stage';
      at: number;
      roundId: number;
      /** RunStage: taskStart, listening, thinking, speaking, interrupted, finished, taskStop, or an error's stage. */
      stage: string;
      /** The VoiceChat event's EventType: 0 a state change, 1 an error. */
      eventType: 0 | 1;
      /** The VoiceChat callback's EventId when a subscription took it: the task's timeline line of this stage. */
      eventId?: string;
      /** The event could not be written (logged): it is in no timeline. */
      unrecorded?: true;
      error?: { code: number; reason: string };
      detail?: string;
    };

export interface TranscriptWatcher {
  entry(entry: TranscriptEntry): void;
  ended(): void;
}

interface Transcript {
  entries: TranscriptEntry[];
  running: boolean;
  watchers: Set<TranscriptWatcher>;
}

/** Entries kept per task (the oldest go first), and tasks kept (the longest-ended go first). */
const MAX_ENTRIES = 1000;
const MAX_TASKS = 100;

const keyOf = (k: VoiceTaskKey): string => `${k.appId}\u0000${k.roomId}\u0000${k.taskId}`;

/**
 * The agents' live transcripts, in memory, for the console: each agent's subtitles (both sides, as they are sent,
 * whether or not the task sends them to the room) and its stages, kept while the server runs for the last
 * MAX_TASKS tasks, and told to whoever watches as they happen.
 */
export class VoiceTranscripts {
  readonly #byTask = new Map<string, Transcript>();

  /** The agent began (a TaskId started again begins a new transcript). */
  began(key: VoiceTaskKey): void {
    const id = keyOf(key);
    const old = this.#byTask.get(id);
    this.#byTask.delete(id);
    this.#byTask.set(id, { entries: [], running: true, watchers: old?.watchers ?? new Set() });
    this.#forgetOld();
  }

  add(key: VoiceTaskKey, entry: TranscriptEntry): void {
    const t = this.#byTask.get(keyOf(key));
    if (!t) return;
    const at = entry.kind === 'subtitle' ? lastIndexOfSequence(t.entries, entry.sequence) : -1;
    if (at >= 0) t.entries[at] = entry;
    else t.entries.push(entry);
    if (t.entries.length > MAX_ENTRIES) t.entries.splice(0, t.entries.length - MAX_ENTRIES);
    for (const w of t.watchers) w.entry(entry);
  }

  /** The agent ended: watchers are told, the transcript stays to be read. */
  ended(key: VoiceTaskKey): void {
    const t = this.#byTask.get(keyOf(key));
    if (!t || !t.running) return;
    t.running = false;
    for (const w of t.watchers) w.ended();
  }

  /** The transcript so far and whether the agent still runs; undefined when none is kept for the task. */
  read(key: VoiceTaskKey): { running: boolean; entries: readonly TranscriptEntry[] } | undefined {
    const t = this.#byTask.get(keyOf(key));
    return t && { running: t.running, entries: t.entries };
  }

  /** Follows a kept transcript; returns the way to stop. */
  watch(key: VoiceTaskKey, watcher: TranscriptWatcher): () => void {
    const t = this.#byTask.get(keyOf(key));
    t?.watchers.add(watcher);
    return () => t?.watchers.delete(watcher);
  }

  #forgetOld(): void {
    for (const [id, t] of this.#byTask) {
      if (this.#byTask.size <= MAX_TASKS) return;
      if (!t.running && t.watchers.size === 0) this.#byTask.delete(id);
    }
  }
}

/** Where a subtitle line with `sequence` is among the last entries (a line is re-sent while it grows). */
function lastIndexOfSequence(entries: TranscriptEntry[], sequence: number): number {
  for (let i = entries.length - 1, seen = 0; i >= 0 && seen < 50; i--, seen++) {
    const e = entries[i]!;
    if (e.kind === 'subtitle' && e.sequence === sequence) return i;
  }
  return -1;
}

/** A subtitle line as a transcript entry. */
export function subtitleEntry(line: SubtitleLine, at: number): TranscriptEntry {
  return {
    kind: 'subtitle',
    at,
    roundId: line.roundId,
    userId: line.userId,
    text: line.text,
    sequence: line.sequence,
    definite: line.definite,
    paragraph: line.paragraph,
  };
}
