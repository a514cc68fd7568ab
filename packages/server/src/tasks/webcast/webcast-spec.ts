/** A webcast's parameters (providers/webcast reads every version into it). */
export interface WebcastSpec {
  userId: string;
  sourceUrl: string;
  /** MaxRunningTime, seconds (default 86400). */
  maxRunningSeconds: number;
  videoSolutions: { Width: number; Height: number; FrameRate: number; Bitrate: number }[];
  eventNotify: { EnableEventNotify: boolean; StartTimeout: number };
  monitor: { BlankCheckInterval: number; FreezeCheckInterval: number; CrashCheckInterval: number };
}

/** The webcast callback's Status values (research 3.6). */
export const WebcastStatus = { Started: 1, Refreshed: 4, Rescheduled: 5 } as const;
