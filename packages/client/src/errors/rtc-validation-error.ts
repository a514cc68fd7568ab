import { RtcError } from './rtc-error.js';

/** Bad input caught before anything was sent: a missing required field, an ID breaking the ID rule, a bad option. */
export class RtcValidationError extends RtcError {
  static readonly errorKind = 'RTC_ERR_VALIDATION';
  /** Dotted path of the offending field, e.g. `RoomId` or `TargetStreams.StreamList[0].UserId`. */
  readonly field: string;
  /** The catalog code a server would have answered with (`MissingParameter`, `InvalidParameter`...), when known. */
  readonly code: string | undefined;

  constructor(field: string, message: string, code?: string) {
    super('RTC_ERR_VALIDATION', message);
    this.name = 'RtcValidationError';
    this.field = field;
    this.code = code;
  }
}
