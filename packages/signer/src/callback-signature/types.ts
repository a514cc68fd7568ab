/** The signed fields of an RTC event callback body (catalog section 4.3). */
export interface CallbackFields {
  EventType: string;
  EventData: string;
  EventTime: string;
  EventId: string;
  AppId: string;
  Version: string;
  Nonce: string;
}

/** A callback body as received: the raw bytes or text of the JSON, or the parsed object. */
export type CallbackBody = string | Uint8Array | Readonly<Record<string, unknown>>;

/** `malformed` names the field that is missing or not a string (`body` when the body is not a JSON object). */
export type CallbackVerifyResult =
  | { ok: true }
  | { ok: false; reason: 'malformed'; field: string; message: string }
  | { ok: false; reason: 'bad-signature'; message: string };
