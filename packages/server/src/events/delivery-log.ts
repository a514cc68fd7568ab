import type { DeliveryLogEntry, DeliveryLogFilter, DeliveryLogStore } from './event-store.js';

export interface DeliveryLogQuery extends DeliveryLogFilter {
  offset?: number;
  /** Default 100, at most 1000. */
  limit?: number;
}

/** The callback delivery log, newest first: one entry per attempt. For the admin (CLI and admin API). */
export function listDeliveries(store: DeliveryLogStore, query: DeliveryLogQuery = {}): DeliveryLogEntry[] {
  const { offset = 0, limit = 100, ...filter } = query;
  return store.deliveries(filter, {
    offset: Math.max(offset, 0),
    limit: Math.min(Math.max(limit, 1), 1000),
  });
}
