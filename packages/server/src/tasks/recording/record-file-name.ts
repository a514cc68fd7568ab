import { randomBytes, randomInt } from 'node:crypto';

/** Default patterns (research 1.5): single-stream as documented; mixed after the Go SDK's example key. */
export const DEFAULT_SINGLE_PATTERN = '{TaskId}_{RoomId}_{UserId}_{Type}_{StartTime}_{Duration}_{Random}';
export const DEFAULT_MIXED_PATTERN = '{TaskId}_{RoomId}_{StartTime}_{Duration}';

/** A file name is cut to this many characters, its last one replaced by `~`. */
export const MAX_NAME_LENGTH = 128;

export interface FileNameValues {
  taskId: string;
  roomId: string;
  userId?: string;
  /** 0 camera, 1 screen. */
  streamType?: number;
  /** Unix ms. */
  startTime: number;
  durationMs: number;
}

/**
 * A file's name from its pattern: the variables {TaskId} {RoomId} {UserId} {Type} (C camera, S screen)
 * {StartTime} (ms) {Duration} (seconds, 6 digits) {Random} (8 digits), case-insensitive; unknown ones stay as
 * written. A pattern without {Random} gets a random suffix `_` + 8 hex digits, so two files never share a key.
 * Longer than 128 characters: cut to 127 and `~`. The extension follows.
 */
export function recordFileName(pattern: string, values: FileNameValues, extension: string): string {
  let hasRandom = false;
  let name = pattern.replace(/\{(\w+)\}/g, (whole, variable: string) => {
    switch (variable.toLowerCase()) {
      case 'taskid':
        return values.taskId;
      case 'roomid':
        return values.roomId;
      case 'userid':
        return values.userId ?? '';
      case 'type':
        return values.streamType === 1 ? 'S' : 'C';
      case 'starttime':
        return String(values.startTime);
      case 'duration':
        return String(Math.round(values.durationMs / 1000)).padStart(6, '0');
      case 'random':
        hasRandom = true;
        return String(randomInt(0, 100_000_000)).padStart(8, '0');
      default:
        return whole;
    }
  });
  if (!hasRandom) name += `_${randomBytes(4).toString('hex')}`;
  if (name.length > MAX_NAME_LENGTH) name = `${name.slice(0, MAX_NAME_LENGTH - 1)}~`;
  return `${name}.${extension}`;
}

/** FileNameConfig.Prefix: its parts as folders (`a/b/`), '' without any. */
export function prefixPath(parts: readonly string[] | undefined): string {
  const kept = (parts ?? []).filter((p) => p !== '');
  return kept.length === 0 ? '' : `${kept.join('/')}/`;
}

/** A VOD video id: `v0` and 30 lowercase letters and digits (our shape; real Vids are opaque strings). */
export function newVid(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  let id = 'v0';
  for (const byte of randomBytes(30)) id += alphabet[byte % alphabet.length];
  return id;
}
