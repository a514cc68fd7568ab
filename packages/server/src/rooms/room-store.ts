import type { BanTarget } from './room-bans.js';

/** A user's BanUserStream state in a room: 0 = until UnbanUserStream, otherwise the unix ms the ban ends. */
export interface StreamBanRecord {
  appId: string;
  roomId: string;
  userId: string;
  audio?: number;
  video?: number;
}

/**
 * What the rooms domain keeps beyond memory: the moderation rules that must survive a restart (BanRoomUser rules,
 * stream bans, token limits). Presence itself lives in memory (room-registry.ts); session records are usage's
 * (`usage/usage-store.ts`) and callback rows the events domain's. Behind one interface so that another store
 * (PostgreSQL) can stand in for SQLite (`sqlite-room-store.ts`) without touching the room services or a handler. The
 * rules are read once at start and written through on each change, synchronously.
 */
export interface RoomStore {
  /** Deletes the BanRoomUser rules ended by `now` and returns the others. */
  loadRoomBans(now: number): (BanTarget & { untilAt: number })[];
  putRoomBan(target: BanTarget, untilAt: number): void;
  deleteRoomBan(target: BanTarget): void;

  loadStreamBans(): StreamBanRecord[];
  /** Stores a user's stream ban state (at least one medium banned). */
  putStreamBan(record: StreamBanRecord): void;
  deleteStreamBan(appId: string, roomId: string, userId: string): void;

  /** Deletes the token limits ended by `now` and returns the others, by token hash. */
  loadTokenLimits(now: number): { tokenHash: string; untilAt: number }[];
  putTokenLimit(tokenHash: string, target: { appId: string; roomId: string; userId: string }, untilAt: number): void;
}
