import { ApiError } from '../../errors/api-error.js';
import { httpUrlParam } from '../http-url-param.js';
import type { CallbackConfig } from '../../events/callback-configs.js';
import { SUBSCRIBABLE_EVENT_TYPES } from '../../events/event-types.js';

/** EventList without repeats; every item a subscribable event type. */
export function eventList(list: readonly string[]): string[] {
  if (list.length === 0) throw new ApiError('MissingParameter', 'EventList is required');
  const names: string[] = [];
  list.forEach((v, i) => {
    if (!SUBSCRIBABLE_EVENT_TYPES.has(v)) {
      throw new ApiError(
        'InvalidParameter',
        `EventList[${i}] is not an event type; use one of ${[...SUBSCRIBABLE_EVENT_TYPES].join(', ')}`,
      );
    }
    if (!names.includes(v)) names.push(v);
  });
  return names;
}

/** An absolute http(s) URL of at most 1024 characters. */
export function callbackUrl(raw: string): string {
  if (raw === '') throw new ApiError('MissingParameter', 'URL is required');
  httpUrlParam(raw, 'URL', 1024);
  return raw;
}

export function secretKey(value: string): string {
  if (value === '') throw new ApiError('MissingParameter', 'SecretKey is required');
  if (value.length > 256) throw new ApiError('InvalidParameter', 'SecretKey must be at most 256 characters');
  return value;
}

/** One subscription as GetCallback lists it. */
export function describeCallback(c: CallbackConfig) {
  return {
    AccountId: c.accountId,
    AppId: c.appId,
    BusinessId: c.businessId,
    CreatedAt: c.createdAt,
    EventList: c.eventList,
    Region: c.region,
    SecretKey: c.secretKey,
    URL: c.url,
    UpdatedAt: c.updatedAt,
  };
}
