// The frames a presence client sends (docs/presence-protocol.md, "Client frames"), as they travel: optional
// fields are optional here, and the server fills in their defaults when it reads them.
import type { PresenceProtocolVersion } from './presence-protocol.js';

/** A request's `id`: an integer, or a string of at most 64 characters; its answer carries the same. */
export type FrameId = number | string;

export type StreamName = 'main' | 'screen';
export type MediaKind = 'audio' | 'video' | 'data';
/** The media BanUserStream can stop. */
export type BannableMedia = 'audio' | 'video';

export interface MediaFlags {
  audio: boolean;
  video: boolean;
  data: boolean;
}

/** The client's device, reported by ListUserInfo; each field at most 64 characters (default ''). */
export interface DeviceInfo {
  type?: string;
  os?: string;
  sdkVersion?: string;
}

export type ClientFrame =
  | {
      type: 'join';
      id?: FrameId;
      v: PresenceProtocolVersion;
      appId: string;
      roomId: string;
      userId: string;
      /** A "001" AccessToken for this app, room and user. */
      token: string;
      /** Default true. */
      visible?: boolean;
      device?: DeviceInfo;
    }
  | { type: 'leave'; id?: FrameId }
  | {
      type: 'publish';
      id?: FrameId;
      stream: StreamName;
      /** Default false each; all three false is an unpublish. */
      audio?: boolean;
      video?: boolean;
      data?: boolean;
      /** 1-4320, default 720 (the ListUsages tier). */
      videoHeight?: number;
    }
  | { type: 'unpublish'; id?: FrameId; stream: StreamName }
  | {
      type: 'subscribe';
      id?: FrameId;
      userId: string;
      stream: StreamName;
      /** Default true each. */
      audio?: boolean;
      video?: boolean;
    }
  | { type: 'unsubscribe'; id?: FrameId; userId: string; stream: StreamName }
  | ({
      type: 'send';
      id?: FrameId;
      /** A user in the room; absent = everyone else in the room. */
      to?: string;
    } & ({ text: string; binary?: never } | { binary: string; text?: never }))
  | { type: 'renewToken'; id?: FrameId; token: string }
  | { type: 'setVisible'; id?: FrameId; visible: boolean }
  | { type: 'ping'; id?: FrameId }
  /** Looks up a public stream of the member's app by its PublicStreamId (answered with `publicStream`). */
  | { type: 'getPublicStream'; id?: FrameId; publicStreamId: string };

export type ClientFrameType = ClientFrame['type'];
/** The client frame of one type. */
export type ClientFrameOf<T extends ClientFrameType> = Extract<ClientFrame, { type: T }>;
