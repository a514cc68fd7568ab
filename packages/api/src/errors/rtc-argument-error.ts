/**
 * Thrown by every public function of this package when it is called with bad input, so that callers see the name of
 * the offending argument instead of a TypeError from deep inside. It extends TypeError because that is what the
 * mistake is; `code` stays stable across duplicated copies of the package, where `instanceof` may not.
 */
export class RtcArgumentError extends TypeError {
  readonly code = 'RTC_ERR_INVALID_ARGUMENT';
  /** The argument (or dotted path inside it) that was wrong. */
  readonly field: string;

  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = 'RtcArgumentError';
    this.field = field;
  }
}
