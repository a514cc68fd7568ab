import type { Awaitable } from '../awaitable.js';
import type { Transcode, TranscodeErrorCode, TranscodePage, TranscodeRequest } from './transcode-model.js';

/** The document transcodes, behind one interface (SQLite: `sqlite-transcode-store.ts`). */
export interface TranscodeStore {
  insert(appId: string, taskId: string, request: TranscodeRequest, at: number): Awaitable<void>;
  find(appId: string, taskId: string): Awaitable<Transcode | undefined>;
  progress(appId: string, taskId: string, percent: number, at: number): Awaitable<void>;
  done(
    appId: string,
    taskId: string,
    result: { width: number; height: number; pages: TranscodePage[] },
    at: number,
  ): Awaitable<void>;
  failed(appId: string, taskId: string, code: TranscodeErrorCode, message: string, at: number): Awaitable<void>;
  /** Transcodes a previous run left unfinished (queued or converting). */
  unfinished(): Awaitable<{ appId: string; taskId: string }[]>;
}
