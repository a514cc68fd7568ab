/** A whiteboard recording's parameters (StartWBRecord, both versions). */
export interface WbRecordSpec {
  /** The recorder's UserId, as given (kept; this server has no whiteboard room for it to join). */
  userId: string;
  /** The custom UI page to record; '' records the default board. */
  sourceUrl: string;
}

/** The longest whiteboard recording, in task time (our choice: no limit is documented, and the file is made at the end). */
export const WB_RECORD_MAX_MS = 24 * 60 * 60 * 1000;
