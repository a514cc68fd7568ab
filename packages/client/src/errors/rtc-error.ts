/**
 * Stable names for every error this package throws. They are plain strings on `error.kind`, so code that receives an
 * error from another copy of this package (two versions in one node_modules tree) can still tell them apart; the
 * classes' `instanceof` checks read the same brand for the same reason.
 */
export type RtcErrorKind =
  | 'RTC_ERR_API'
  | 'RTC_ERR_VALIDATION'
  | 'RTC_ERR_NETWORK'
  | 'RTC_ERR_TIMEOUT'
  | 'RTC_ERR_ABORT'
  | 'RTC_ERR_MALFORMED_RESPONSE';

const kBrand = Symbol.for('rtc-openapi.client.error');

interface Branded {
  [kBrand]?: RtcErrorKind;
}

function brandOf(value: unknown): RtcErrorKind | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  return (value as Branded)[kBrand];
}

/** The base of every error thrown by `@rtc-openapi/client`. */
export class RtcError extends Error {
  /** Which kind of failure this is; stable across package copies. */
  readonly kind: RtcErrorKind;

  constructor(kind: RtcErrorKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.kind = kind;
    Object.defineProperty(this, kBrand, { value: kind, enumerable: false });
  }

  /** `instanceof` by brand: true for errors of this class from any copy of the package. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    const kind = brandOf(value);
    if (kind === undefined) return false;
    const wanted = (this as unknown as { readonly errorKind?: RtcErrorKind }).errorKind;
    return wanted === undefined || wanted === kind;
  }
}

/** True when `value` is any error of this package (any copy). */
export function isRtcError(value: unknown): value is RtcError {
  return brandOf(value) !== undefined;
}
