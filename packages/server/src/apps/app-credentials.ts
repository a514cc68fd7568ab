import { randomBytes } from 'node:crypto';

/** AppIds are 24 lowercase hex characters: the room-join token layout depends on that length. */
export const APP_ID_PATTERN = /^[0-9a-f]{24}$/;
export const APP_KEY_PATTERN = /^[0-9a-f]{32}$/;

export function generateAppId(): string {
  return randomBytes(12).toString('hex');
}

export function generateAppKey(): string {
  return randomBytes(16).toString('hex');
}
