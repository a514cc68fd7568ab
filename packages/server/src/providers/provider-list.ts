import type { AppService } from '../apps/app-service.js';
import type { ResourcePackages } from '../billing/resource-packages.js';
import { loadMusicCatalogue } from '../music/music-catalogue.js';
import { MusicLibrary } from '../music/music-library.js';
import type { RoomsModule } from '../rooms/rooms-module.js';
import type { PushRunner } from '../tasks/push/push-runner.js';
import type { RelayRunner } from '../tasks/relay/relay-runner.js';
import type { TaskEngine } from '../tasks/task-engine.js';
import type { VoiceAgents } from '../voice/voice-agents.js';
import { aiVoiceChatProvider } from './ai-voice-chat/ai-voice-chat-provider.js';
import type { VendorPolicyStore } from '../vendor-policies/vendor-policy-store.js';
import { appManagementProvider } from './app-management/app-management-provider.js';
import { billingProvider } from './billing-resources/billing-provider.js';
import { callbackConfigProvider } from './callback-config/callback-config-provider.js';
import { usageProvider } from './data-quality-usage/usage-provider.js';
import { messagingProvider } from './messaging/messaging-provider.js';
import { multiVendorPolicyProvider } from './multi-vendor-policy/multi-vendor-policy-provider.js';
import { musicLibraryProvider } from './music-library/music-library-provider.js';
import type { Provider } from './provider.js';
import { publicStreamProvider } from './public-stream/public-stream-provider.js';
import { relayStreamProvider } from './relay-stream/relay-stream-provider.js';
import { webcastProvider } from './webcast/webcast-provider.js';
import { pushCdnProvider } from './push-cdn/push-cdn-provider.js';
import { recordingProvider } from './recording/recording-provider.js';
import { roomProvider } from './room/room-provider.js';
import { whiteboardProvider, type WhiteboardDomains } from './whiteboard/whiteboard-provider.js';
import { segmentProvider } from './segment/segment-provider.js';
import { snapshotProvider } from './snapshot/snapshot-provider.js';

/** The domain services the providers act on. */
export interface ProviderDomains {
  apps: AppService;
  rooms: Pick<RoomsModule, 'rooms' | 'callbackConfigs' | 'usage'>;
  /** The media task engine (recording); without one the recording actions answer NotImplemented (benches). */
  tasks?: TaskEngine;
  /** The CDN pushes' live state; without it (or the engine) the push actions answer NotImplemented. */
  pushes?: PushRunner;
  /** Relays' live state (ListRelayStream's Status). */
  relays?: RelayRunner;
  /** The AI voice agents; without them the voice actions answer NotImplemented (benches). */
  voice?: VoiceAgents;
  /** The multi-vendor routing policies; without a store their actions answer NotImplemented (benches). */
  vendorPolicies?: VendorPolicyStore;
  /** The accounts' resource packages; without them the billing actions answer NotImplemented (benches). */
  billing?: ResourcePackages;
  /** Document transcoding; without it the whiteboard actions answer NotImplemented (benches). */
  whiteboard?: WhiteboardDomains;
  /** The songs of the music actions; default the catalogue shipped with the server. */
  music?: MusicLibrary;
  /** Unix ms. */
  now: () => number;
}

/**
 * Every provider of the server, one per catalog area that has handlers (LocalStack's one registry of providers).
 * An area missing here answers NotImplemented for all its actions. docs/architecture.md lists them.
 */
export function serverProviders(domains: ProviderDomains): Provider[] {
  const { apps, rooms, tasks, pushes, relays, voice, vendorPolicies, billing, whiteboard, music, now } = domains;
  return [
    appManagementProvider(apps),
    roomProvider(rooms.rooms),
    messagingProvider(rooms.rooms),
    callbackConfigProvider(rooms.callbackConfigs, now),
    usageProvider(rooms.usage, now),
    musicLibraryProvider(music ?? new MusicLibrary(loadMusicCatalogue())),
    ...(tasks ? [recordingProvider(tasks), snapshotProvider(tasks), segmentProvider(tasks)] : []),
    ...(tasks && pushes ? [pushCdnProvider(tasks, pushes)] : []),
    ...(tasks ? [publicStreamProvider(tasks)] : []),
    ...(tasks && relays ? [relayStreamProvider(tasks, relays, rooms.rooms), webcastProvider(tasks)] : []),
    ...(voice ? [aiVoiceChatProvider(voice)] : []),
    ...(vendorPolicies ? [multiVendorPolicyProvider(vendorPolicies, now)] : []),
    ...(billing ? [billingProvider(billing)] : []),
    ...(whiteboard ? [whiteboardProvider({ ...whiteboard, ...(tasks && { tasks }) })] : []),
  ];
}
