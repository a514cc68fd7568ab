export const packageName = '@rtc-openapi/room-client';

export {
  RoomClient,
  type JoinOptions,
  type PublishOptions,
  type ReceivedMessage,
  type RoomClientEvents,
  type RoomClientOptions,
  type RoomClientState,
  type WebSocketConstructor,
} from './room-client.js';
export { RoomClientError } from './room-client-error.js';
export {
  PROTOCOL_VERSION,
  type ClientFrame,
  type JoinedRoom,
  type MediaKind,
  type MessageKind,
  type PublicStreamInfo,
  type RemoteUser,
  type ServerFrame,
  type StreamName,
  type StreamState,
} from './protocol.js';
export {
  decodeVoiceFrame,
  encodeVoiceFrame,
  type ControlCommand,
  type ConversationState,
  type DecodedVoiceFrame,
  type FunctionAnswer,
  type SpeechStandIn,
  type SubtitleLine,
  type SubtitleMessage,
  type ToolCallMessage,
  type VoiceFrameMagic,
  type VoiceFramePayloads,
} from '@rtc-openapi/api';
