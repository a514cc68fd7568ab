import { createHash } from 'node:crypto';

/** The signed fields of a callback body (section 4.3). */
export interface CallbackFields {
  EventType: string;
  EventData: string;
  EventTime: string;
  EventId: string;
  AppId: string;
  Version: string;
  Nonce: string;
}

/**
 * Section 4.4: sort the seven values and the secret byte-wise, concatenate, SHA-256 (a plain hash, not an HMAC),
 * lowercase hex. Byte-wise matters: JavaScript's default sort compares UTF-16 units, which differs from Go's
 * `sort.Strings` for characters outside the BMP.
 */
export function signCallback(fields: CallbackFields, secretKey: string): string {
  const values = [
    fields.EventType,
    fields.EventData,
    fields.EventTime,
    fields.EventId,
    fields.AppId,
    fields.Version,
    fields.Nonce,
    secretKey,
  ].map((v) => Buffer.from(v, 'utf8'));
  values.sort(Buffer.compare);
  return createHash('sha256').update(Buffer.concat(values)).digest('hex');
}
