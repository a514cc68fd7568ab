import { hashSha256Hex } from '@rtc-openapi/signer';
import type { Database } from '../store/database.js';

/** Tokens are known by their SHA-256 (hex) only, so the table holds nothing a client could join with. */
export function tokenHash(token: string): string {
  return hashSha256Hex(token);
}

/** LimitTokenPrivilege: tokens that may not publish until a time (unix ms). */
export class TokenLimits {
  readonly #until = new Map<string, number>();
  readonly #upsert;

  constructor(db: Database, now: number) {
    this.#upsert = db.prepare<[string, string, string, string, number]>(
      `INSERT INTO token_limits (token_hash, app_id, room_id, user_id, until_at) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (token_hash) DO UPDATE SET until_at = excluded.until_at`,
    );
    db.prepare('DELETE FROM token_limits WHERE until_at <= ?').run(now);
    for (const r of db.prepare<[], { token_hash: string; until_at: number }>('SELECT * FROM token_limits').all()) {
      this.#until.set(r.token_hash, r.until_at);
    }
  }

  limitedUntil(hash: string, now: number): number | undefined {
    const until = this.#until.get(hash);
    return until !== undefined && until > now ? until : undefined;
  }

  limit(hash: string, target: { appId: string; roomId: string; userId: string }, untilAt: number): void {
    this.#until.set(hash, untilAt);
    this.#upsert.run(hash, target.appId, target.roomId, target.userId, untilAt);
  }
}
