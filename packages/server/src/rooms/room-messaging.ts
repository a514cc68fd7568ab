import type { MessageKind } from '@rtc-openapi/api';
import { PresenceError } from './presence-error.js';
import type { RoomRegistry } from './room-registry.js';
import type { Member } from './room-state.js';
import { broadcast, encodeFrame } from './server-frame.js';

/** A message's body: text, or bytes in base64. */
export type MessagePayload = { text: string } | { binary: string };

/** Room messages to connected members: a client's `send` and the server messaging actions. */
export class RoomMessaging {
  readonly #registry: RoomRegistry;

  constructor(registry: RoomRegistry) {
    this.#registry = registry;
  }

  /** A client's message to one user of its room (`to`) or to everyone else in it. */
  sendFromUser(m: Member, to: string | undefined, payload: MessagePayload): void {
    if (!this.#registry.isCurrent(m)) throw new PresenceError('NotJoined', 'this connection is not in a room');
    const f = messageFrame(to === undefined ? 'room' : 'user', m.userId, payload);
    if (to === undefined) {
      broadcast(m.room, f, m);
      return;
    }
    const target = m.room.members.get(to);
    if (!target?.conn) throw new PresenceError('UserNotInRoom', `user ${to} is not connected to this room`);
    target.conn.send(f);
  }

  /** Server messaging (SendUnicast and friends): returns how many connections got it. */
  deliverServerMessage(
    members: Iterable<Member>,
    kind: 'unicast' | 'roomUnicast' | 'broadcast',
    from: string,
    payload: MessagePayload,
  ): number {
    const f = messageFrame(kind, from, payload);
    let n = 0;
    for (const m of members) {
      if (!m.conn) continue;
      m.conn.send(f);
      n++;
    }
    return n;
  }
}

const messageFrame = (kind: MessageKind, from: string, payload: MessagePayload): string =>
  encodeFrame({ type: 'message', kind, from, ...payload });
