/** IDs (RoomId, UserId, TaskId, BusinessId, From, To, PublicStreamId, segment Identifier) are at most this long. */
export const ID_MAX_LENGTH = 128;

/**
 * The ID rule of catalog §1.1, `[a-zA-Z0-9_@\-\.]{1,128}`, anchored: JSON Schema `pattern` is unanchored, so the
 * schemas use this source and would otherwise accept `"room 1"` for containing `room`.
 */
export const ID_PATTERN_SOURCE = '^[a-zA-Z0-9_@.\\-]{1,128}$';

export const ID_PATTERN: RegExp = new RegExp(ID_PATTERN_SOURCE);

/** Whether `value` is a string satisfying the ID rule (anything else is simply not a valid ID). */
export function isValidId(value: unknown): value is string {
  return typeof value === 'string' && ID_PATTERN.test(value);
}
