import type { BannableMedia } from '@rtc-openapi/api';
import type { RoomStore, StreamBanRecord } from './room-store.js';

/** 0 = until UnbanUserStream; otherwise the unix ms the ban ends. */
type Until = number;

type Entry = StreamBanRecord;

const keyOf = (appId: string, roomId: string, userId: string): string => `${appId}\u0000${roomId}\u0000${userId}`;

/** BanUserStream state per user in a room, in memory and written through to the store. */
export class StreamBans {
  readonly #entries = new Map<string, Entry>();
  readonly #store: Pick<RoomStore, 'loadStreamBans' | 'putStreamBan' | 'deleteStreamBan'>;

  constructor(store: Pick<RoomStore, 'loadStreamBans' | 'putStreamBan' | 'deleteStreamBan'>) {
    this.#store = store;
    for (const e of store.loadStreamBans()) this.#entries.set(keyOf(e.appId, e.roomId, e.userId), e);
  }

  isBanned(appId: string, roomId: string, userId: string, media: BannableMedia, now: number): boolean {
    const until = this.#entries.get(keyOf(appId, roomId, userId))?.[media];
    return until !== undefined && (until === 0 || until > now);
  }

  /** Bans (until = 0 or unix ms) or lifts (until = undefined) one medium. */
  set(appId: string, roomId: string, userId: string, media: BannableMedia, until: Until | undefined): void {
    const key = keyOf(appId, roomId, userId);
    const e = this.#entries.get(key) ?? { appId, roomId, userId };
    if (until === undefined) delete e[media];
    else e[media] = until;
    if (e.audio === undefined && e.video === undefined) {
      this.#entries.delete(key);
      this.#store.deleteStreamBan(appId, roomId, userId);
      return;
    }
    this.#entries.set(key, e);
    this.#store.putStreamBan(e);
  }

  /** Timed bans that have ended by `now`; they are lifted here and returned so the room can be told. */
  expire(now: number): { appId: string; roomId: string; userId: string; media: BannableMedia }[] {
    const ended: { appId: string; roomId: string; userId: string; media: BannableMedia }[] = [];
    for (const e of [...this.#entries.values()]) {
      for (const media of ['audio', 'video'] as const) {
        const until = e[media];
        if (until !== undefined && until !== 0 && until <= now) {
          this.set(e.appId, e.roomId, e.userId, media, undefined);
          ended.push({ appId: e.appId, roomId: e.roomId, userId: e.userId, media });
        }
      }
    }
    return ended;
  }
}
