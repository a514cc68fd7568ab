import { randomBytes, randomInt } from 'node:crypto';

/** `AKLT` and 40 base64 characters; base64 of hex digits never yields `+`, `/` or `=`, so ids paste cleanly. */
export const ACCESS_KEY_ID_PATTERN = /^AKLT[A-Za-z0-9]{40,}$/;

/** A secret given by the caller (the dev seed, an import): 16 to 128 printable ASCII characters, no spaces. */
export const SECRET_ACCESS_KEY_PATTERN = /^[\x21-\x7e]{16,128}$/;
export const ACCOUNT_ID_PATTERN = /^[1-9][0-9]{5,19}$/;

export function generateAccountId(): string {
  return '21' + String(randomInt(0, 100_000_000)).padStart(8, '0');
}

export function generateUserId(): string {
  return String(randomInt(100_000_000, 1_000_000_000));
}

export function generateAccessKeyId(): string {
  return 'AKLT' + Buffer.from(randomBytes(15).toString('hex')).toString('base64');
}

export function generateSecretAccessKey(): string {
  return Buffer.from(randomBytes(24).toString('hex')).toString('base64');
}
