import type { AppService } from '../../src/apps/app-service.js';
import type { Provider } from '../../src/providers/provider.js';
import { serverProviders, type ProviderDomains } from '../../src/providers/provider-list.js';

/** The server's providers over stand-in domains (building a provider calls none of its domain): their handlers. */
export function providersOfTheServer(): Provider[] {
  const domains = {
    apps: {} as AppService,
    rooms: {},
    tasks: {},
    pushes: {},
    relays: {},
    voice: {},
    vendorPolicies: {},
    billing: {},
    whiteboard: {},
    music: {},
    now: Date.now,
  } as ProviderDomains;
  return Object.values(serverProviders(domains));
}
