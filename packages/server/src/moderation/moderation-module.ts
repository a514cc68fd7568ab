import type { Logger } from 'pino';
import type { OutboundFetch } from '../net/guarded-fetch.js';
import type { ModerationStore } from './moderation-store.js';
import { ResultPoster } from './result-poster.js';

/** How long detection results are kept (as GetSegmentTask's 72 hours, our choice), and how often older go. */
const KEPT_MS = 72 * 3_600_000;
const PRUNE_EVERY_MS = 3_600_000;

export interface ModerationModule {
  /** POSTs the detection tasks' results. */
  poster: ResultPoster;
  /** Abandons the POSTs under way (recorded as failed) and stops pruning. */
  close(): Promise<void>;
}

/**
 * Content moderation's running part beside its store: the result poster, and the results log kept to its last 72
 * hours. Results a previous run was still POSTing are marked failed, not sent again.
 */
export function createModerationModule(deps: {
  store: ModerationStore;
  now: () => number;
  /** How results reach their Callback URL: under the operator's fetch policy. */
  fetch: OutboundFetch;
  logger?: Logger;
}): ModerationModule {
  const { store, now, logger } = deps;
  store.failPending('the server stopped before the result was delivered');
  const prune = () => {
    try {
      store.pruneResults(now() - KEPT_MS);
    } catch (error) {
      logger?.error({ err: error }, 'pruning old detection results failed');
    }
  };
  prune();
  const timer = setInterval(prune, PRUNE_EVERY_MS);
  timer.unref();
  const poster = new ResultPoster({ store, fetch: deps.fetch, ...(logger && { logger }) });
  return {
    poster,
    close: async () => {
      clearInterval(timer);
      await poster.close();
    },
  };
}
