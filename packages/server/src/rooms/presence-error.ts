import type { PresenceErrorCode } from '@rtc-openapi/api';

/**
 * A refusal sent to a presence client as an error frame. `code` is a stable name from docs/presence-protocol.md;
 * `clientCode` is the RTC client error code where catalog section 3.4 gives one. The message never carries a
 * token or key.
 */
export class PresenceError extends Error {
  constructor(
    readonly code: PresenceErrorCode,
    message: string,
    readonly details: { clientCode?: number; until?: string; media?: string } = {},
  ) {
    super(message);
    this.name = 'PresenceError';
  }
}
