// The presence protocol, version 1 (docs/presence-protocol.md). Its frame types are defined once, in
// @rtc-openapi/api, and shared with the server; only types are imported here. The one runtime import of it is the
// voice agent's frame codec (room-client.ts): the package has no side effects, so a bundle keeps only that module.
import type { PresenceProtocolVersion, ServerFrameOf } from '@rtc-openapi/api';

export type {
  ClientFrame,
  JoinedRoom,
  MediaKind,
  MessageKind,
  RemoteUser,
  ServerFrame,
  StreamName,
  StreamState,
} from '@rtc-openapi/api';

/** A public stream as `RoomClient.publicStream` answers it. */
export type PublicStreamInfo = Omit<ServerFrameOf<'publicStream'>, 'type' | 'id'>;

/** The protocol version this client speaks: typed by the shared version, so the compiler keeps the two equal. */
export const PROTOCOL_VERSION: PresenceProtocolVersion = 1;
