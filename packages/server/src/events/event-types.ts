/**
 * Room events the server emits as callbacks. Names from catalog section 4.5 where it lists them; `RoomCreate`,
 * `UserPublishStream` and `UserUnpublishStream` are our choice where 4.5 is silent (docs/presence-protocol.md).
 */
export const RoomEventType = {
  RoomCreate: 'RoomCreate',
  RoomDestroy: 'RoomDestroy',
  UserJoinRoom: 'UserJoinRoom',
  UserLeaveRoom: 'UserLeaveRoom',
  InvisibleUserJoinRoom: 'InvisibleUserJoinRoom',
  InvisibleUserLeaveRoom: 'InvisibleUserLeaveRoom',
  RoleChangeInvisible2Visible: 'RoleChangeInvisible2Visible',
  RoleChangeVisible2Invisible: 'RoleChangeVisible2Invisible',
  UserPublishStream: 'UserPublishStream',
  UserUnpublishStream: 'UserUnpublishStream',
} as const;

export type RoomEventTypeName = (typeof RoomEventType)[keyof typeof RoomEventType];

/**
 * Media task events the server emits (catalog 4.5's recording family). `RecordUploadDone` is an unverified name
 * (research 0.2): sent only when the server is started with that option (docs/tasks.md).
 */
export const TaskEventType = {
  RecordStarted: 'RecordStarted',
  RecordStopped: 'RecordStopped',
  RecordUploadDone: 'RecordUploadDone',
} as const;

/** The AI voice agent's console event (research 4.6; docs/voice-agent.md). */
export const VoiceEventType = {
  VoiceChat: 'VoiceChat',
} as const;

/**
 * Every event name a callback subscription may list: ours plus the other families of section 4.5, which the
 * server does not emit yet (their domains are not built) but which a subscription may already name.
 */
export const SUBSCRIBABLE_EVENT_TYPES: ReadonlySet<string> = new Set<string>([
  ...Object.values(RoomEventType),
  ...Object.values(TaskEventType),
  ...Object.values(VoiceEventType),
  'TranscodeStarted',
  'TranscodeStopped',
  'TranscodeUpdated',
  'TranscodeStateChanged',
  'SegmentRealTimeData',
  'SnapshotRealTimeData',
  'RelayStreamStateChanged',
]);

/** The callback body's `Version` (section 4.3: "currently 2020-12-01"). */
export const CALLBACK_VERSION = '2020-12-01';
