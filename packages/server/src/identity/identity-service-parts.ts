import type { CacheRegistry } from '../store/cache-registry.js';
import type { IdentityStore } from './identity-store.js';

/** What each of identity's services is built on. */
export interface IdentityServiceParts {
  store: IdentityStore;
  now: () => Date;
  /** How long cached facts live (0: nothing is cached); `/metrics` finds the caches in `caches`. */
  cacheMs: number;
  caches: CacheRegistry;
}
