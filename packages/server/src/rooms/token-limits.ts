import { hashSha256Hex } from '@rtc-openapi/signer';
import type { RoomStore } from './room-store.js';

/** Tokens are known by their SHA-256 (hex) only, so the table holds nothing a client could join with. */
export function tokenHash(token: string): string {
  return hashSha256Hex(token);
}

/** LimitTokenPrivilege: tokens that may not publish until a time (unix ms). */
export class TokenLimits {
  readonly #until = new Map<string, number>();
  readonly #store: Pick<RoomStore, 'loadTokenLimits' | 'putTokenLimit'>;

  constructor(store: Pick<RoomStore, 'loadTokenLimits' | 'putTokenLimit'>, now: number) {
    this.#store = store;
    for (const r of store.loadTokenLimits(now)) this.#until.set(r.tokenHash, r.untilAt);
  }

  limitedUntil(hash: string, now: number): number | undefined {
    const until = this.#until.get(hash);
    return until !== undefined && until > now ? until : undefined;
  }

  limit(hash: string, target: { appId: string; roomId: string; userId: string }, untilAt: number): void {
    this.#until.set(hash, untilAt);
    this.#store.putTokenLimit(hash, target, untilAt);
  }
}
