import { RecordError } from '../store/record-error.js';

/** A required non-empty string field of a JSON body; a RecordError naming the field otherwise (answered 400). */
export function requiredString(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (typeof value !== 'string' || value === '') {
    throw new RecordError('invalid', `${field} is required (a non-empty string)`, field);
  }
  return value;
}

/** A JSON object field (the explorer's params); absent is an empty object. */
export function objectField(body: Record<string, unknown>, field: string): Record<string, unknown> {
  const value = body[field] ?? {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new RecordError('invalid', `${field} must be a JSON object`, field);
  }
  return value as Record<string, unknown>;
}

/** A task's AppId, RoomId and TaskId from a body or a query, each required. */
export function taskKeyIn(input: Record<string, unknown>): { appId: string; roomId: string; taskId: string } {
  return {
    appId: requiredString(input, 'appId'),
    roomId: requiredString(input, 'roomId'),
    taskId: requiredString(input, 'taskId'),
  };
}
