import { checkObject } from '../check-arguments.js';
import { hashSha256Hex } from '../hash-sha256.js';
import { SignerArgumentError } from '../signer-argument-error.js';
import type { CallbackFields } from './types.js';

export const CALLBACK_SIGNED_FIELDS = [
  'EventType',
  'EventData',
  'EventTime',
  'EventId',
  'AppId',
  'Version',
  'Nonce',
] as const satisfies ReadonlyArray<keyof CallbackFields>;

/**
 * The signature of a callback (catalog section 4.4): lower-case hex SHA-256 over the seven field values and the
 * secret, sorted byte-wise and concatenated. A plain hash, not an HMAC. Byte-wise matters: JavaScript's default sort
 * compares UTF-16 units, which orders some non-BMP characters differently from Go's `sort.Strings`.
 */
export function signCallback(fields: CallbackFields, secretKey: string): string {
  checkObject(fields, 'fields');
  if (typeof secretKey !== 'string') throw new SignerArgumentError('secretKey', 'must be a string');
  const values = CALLBACK_SIGNED_FIELDS.map((name) => {
    const value: unknown = fields[name];
    if (typeof value !== 'string') throw new SignerArgumentError(`fields.${name}`, 'must be a string');
    return Buffer.from(value, 'utf8');
  });
  values.push(Buffer.from(secretKey, 'utf8'));
  values.sort(Buffer.compare);
  return hashSha256Hex(Buffer.concat(values));
}
