/** A relay's parameters (providers/relay-stream reads every version into it). The join Token is not kept. */
export interface RelaySpec {
  userId: string;
  streamUrl: string;
  /** 0 audio and video, 1 audio only, 2 video only. */
  mediaType: 0 | 1 | 2;
  streamMode: 0 | 1;
  loop: boolean;
  frameRate: number;
  videoWidth: number;
  videoHeight: number;
  /** Unix s the relay starts at (0: at once). */
  startTimeStamp: number;
  maxIdleSeconds: number;
  /** Unix ms the Start was accepted (ListRelayStream's CreateTime). */
  createdAt: number;
}

/** The documented 72 h limit of a relay task (StartRelayStream). */
export const RELAY_MAX_MS = 72 * 3600 * 1000;

/**
 * `Reason` in RelayStreamStateChanged (our codes: the research captured only `Reason: 0`): why the relay is in
 * its Status.
 */
export const RelayReason = {
  None: 0,
  SourceUnopened: 1,
  SourceEnded: 2,
  Idle: 3,
  MaxRunningTime: 4,
  UserRemoved: 5,
  Restarted: 6,
} as const;
