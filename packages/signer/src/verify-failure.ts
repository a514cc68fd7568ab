import type { VerifyFailureCode, VerifyResult } from './types.js';

export type VerifyFailure = Extract<VerifyResult, { ok: false }>;

/** A rejection; `message` is sent to the client, so it names what is wrong and never carries a secret or token. */
export function fail(code: VerifyFailureCode, message: string): VerifyFailure {
  return { ok: false, code, message };
}

/** Quotes a client-supplied fragment in a message, shortened so that a huge header cannot bloat the answer. */
export function quote(value: string): string {
  const printable = value.replace(/[^\x20-\x7e]/g, '?');
  return JSON.stringify(printable.length > 40 ? `${printable.slice(0, 40)}...` : printable);
}
