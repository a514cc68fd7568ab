/**
 * A refusal from the server (an error frame) or a local failure (`Disconnected`, `Timeout`, `NotJoined`,
 * `InvalidArgument`). `code` is stable; `clientCode` is the RTC client error code where the server gives one
 * (-1000 invalid or expired token).
 */
export class RoomClientError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details: { clientCode?: number; until?: string; media?: string; field?: string } = {},
  ) {
    super(message);
    this.name = 'RoomClientError';
  }

  get clientCode(): number | undefined {
    return this.details.clientCode;
  }
}
