// Typed access to fixtures/vectors/callback.json (the recipe of catalog 4.4; see its `about`).
import { readFileSync } from 'node:fs';
import type { CallbackFields } from '@rtc-openapi/signer';

export interface CallbackVector {
  secret: string;
  body: CallbackFields & Record<string, string> & { Signature: string };
}

export const callbackVectors: readonly CallbackVector[] = (
  JSON.parse(readFileSync(new URL('../../../../fixtures/vectors/callback.json', import.meta.url), 'utf8')) as {
    callbacks: CallbackVector[];
  }
).callbacks;
