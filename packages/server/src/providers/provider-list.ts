import type { ActionArea } from '@rtc-openapi/api';
import type { AppService } from '../apps/app-service.js';
import type { ResourcePackages } from '../billing/resource-packages.js';
import type { MusicLibrary } from '../music/music-library.js';
import type { RoomsModule } from '../rooms/rooms-module.js';
import type { PushRunner } from '../tasks/push/push-runner.js';
import type { RelayRunner } from '../tasks/relay/relay-runner.js';
import type { TaskEngine } from '../tasks/task-engine.js';
import type { VendorPolicyStore } from '../vendor-policies/vendor-policy-store.js';
import type { VoiceAgents } from '../voice/voice-agents.js';
import { aiVoiceChatProvider } from './ai-voice-chat/ai-voice-chat-provider.js';
import { appManagementProvider } from './app-management/app-management-provider.js';
import { billingProvider } from './billing-resources/billing-provider.js';
import { callbackConfigProvider } from './callback-config/callback-config-provider.js';
import { usageProvider } from './data-quality-usage/usage-provider.js';
import { detectionProvider } from './detection/detection-provider.js';
import { messagingProvider } from './messaging/messaging-provider.js';
import { multiVendorPolicyProvider } from './multi-vendor-policy/multi-vendor-policy-provider.js';
import { musicLibraryProvider } from './music-library/music-library-provider.js';
import type { Provider } from './provider.js';
import { publicStreamProvider } from './public-stream/public-stream-provider.js';
import { pushCdnProvider } from './push-cdn/push-cdn-provider.js';
import { recordingProvider } from './recording/recording-provider.js';
import { relayStreamProvider } from './relay-stream/relay-stream-provider.js';
import { roomProvider } from './room/room-provider.js';
import { segmentProvider } from './segment/segment-provider.js';
import { snapshotProvider } from './snapshot/snapshot-provider.js';
import { webcastProvider } from './webcast/webcast-provider.js';
import { whiteboardProvider, type WhiteboardDomains } from './whiteboard/whiteboard-provider.js';

/** The domain services the providers act on: every one, since every catalog area has its provider. */
export interface ProviderDomains {
  apps: AppService;
  rooms: Pick<RoomsModule, 'rooms' | 'callbackConfigs' | 'usage'>;
  /** The media task engine (recording, snapshots, segments, pushes, relays, webcasts, detections). */
  tasks: TaskEngine;
  /** The CDN pushes' live state. */
  pushes: PushRunner;
  /** Relays' live state (ListRelayStream's Status). */
  relays: RelayRunner;
  /** The AI voice agents. */
  voice: VoiceAgents;
  /** The multi-vendor routing policies. */
  vendorPolicies: VendorPolicyStore;
  /** The accounts' resource packages. */
  billing: ResourcePackages;
  /** Document transcoding. */
  whiteboard: Omit<WhiteboardDomains, 'tasks'>;
  /** The songs of the music actions (the shipped catalogue or the operator's). */
  music: MusicLibrary;
  /** Unix ms. */
  now: () => number;
}

/** One provider per catalog area, keyed by it: a list that leaves an area out does not compile. */
export type ProvidersByArea = { readonly [Area in ActionArea]: Provider<Area> };

/**
 * Every provider of the server (LocalStack's one registry of providers); docs/architecture.md lists them. The action
 * table built from them refuses to start when an action-version is left without a handler (action-table.ts).
 */
export function serverProviders(domains: ProviderDomains): ProvidersByArea {
  const { apps, rooms, tasks, pushes, relays, voice, vendorPolicies, billing, whiteboard, music, now } = domains;
  return {
    'app-management': appManagementProvider(apps),
    room: roomProvider(rooms.rooms),
    messaging: messagingProvider(rooms.rooms),
    'callback-config': callbackConfigProvider(rooms.callbackConfigs, now),
    'data-quality-usage': usageProvider(rooms.usage, now),
    'music-library': musicLibraryProvider(music),
    recording: recordingProvider(tasks),
    snapshot: snapshotProvider(tasks),
    segment: segmentProvider(tasks),
    'push-cdn': pushCdnProvider(tasks, pushes),
    'public-stream': publicStreamProvider(tasks),
    'relay-stream': relayStreamProvider(tasks, relays, rooms.rooms),
    webcast: webcastProvider(tasks),
    detection: detectionProvider(tasks, now),
    'ai-voice-chat': aiVoiceChatProvider(voice),
    'multi-vendor-policy': multiVendorPolicyProvider(vendorPolicies, now),
    'billing-resources': billingProvider(billing),
    whiteboard: whiteboardProvider({ ...whiteboard, tasks }),
  };
}
