import type { TaskStorage } from '../task-storage.js';

/** A web recording's parameters (StartWebRecord, 2020-12-01), with defaults filled in. */
export interface WebRecordSpec {
  inputUrl: string;
  /** MaxRecordSecond as given (0: none). */
  maxRecordSeconds: number;
  /** Duration as given (0: none). */
  durationSeconds: number;
  /** JsCommand: kept and reported, not run (no browser here). */
  jsCommands: string[];
  /** TOS `Bucket`, or VOD `VideoSpace`. */
  storage: TaskStorage;
  bucket: string;
  videoSpace: string;
  video: { width: number; height: number };
  page: { width: number; height: number };
}

/** The recording's length limit: the shorter of Duration and MaxRecordSecond that are set; 0: none. */
export function runLimitSeconds(spec: WebRecordSpec): number {
  const set = [spec.durationSeconds, spec.maxRecordSeconds].filter((s) => s > 0);
  return set.length === 0 ? 0 : Math.min(...set);
}
