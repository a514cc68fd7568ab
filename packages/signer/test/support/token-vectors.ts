// Typed access to fixtures/vectors/token.json (produced by the official token.js sample; see its `about`).
import { readFileSync } from 'node:fs';

export interface TokenVector {
  id: string;
  input: {
    appId: string;
    appKey: string;
    roomId: string;
    userId: string;
    nonce: number;
    issuedAt: number;
    expireAt: number;
    privileges: Record<string, number>;
  };
  token: string;
  parsedBack: {
    nonce: number;
    issuedAt: number;
    expireAt: number;
    roomId: string;
    userId: string;
    privileges: Record<string, number>;
  };
}

export const tokenVectors: readonly TokenVector[] = (
  JSON.parse(readFileSync(new URL('../../../../fixtures/vectors/token.json', import.meta.url), 'utf8')) as {
    tokens: TokenVector[];
  }
).tokens;

export function tokenVector(id: string): TokenVector {
  const vector = tokenVectors.find((v) => v.id === id);
  if (!vector) throw new Error(`no token vector ${id}`);
  return vector;
}
