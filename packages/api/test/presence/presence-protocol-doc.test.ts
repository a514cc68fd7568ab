// docs/presence-protocol.md is the presence protocol's spec; the shared types of src/presence/ are its code form.
// Each list below names every member of a type, or it does not compile; each is then held to the page's tables.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  PRESENCE_MAX_FRAME_BYTES,
  PRESENCE_MAX_MESSAGE_BYTES,
  PRESENCE_PATH,
  PRESENCE_PROTOCOL_VERSION,
  PresenceCloseCode,
  type ClientFrameOf,
  type ClientFrameType,
  type PresenceErrorCode,
  type PresenceLeaveReason,
  type ServerFrameOf,
  type ServerFrameType,
} from '../../src/index.js';

const doc = readFileSync(new URL('../../../../docs/presence-protocol.md', import.meta.url), 'utf8');

/** The fields of a frame type besides `type` and `id`, of every member when it is a union. */
type Fields<T> = T extends unknown ? Exclude<keyof T, 'type' | 'id'> : never;
/** Every field of T, each once: a missing or unknown one does not compile. */
const fieldsOf = <T>(fields: Record<Fields<T>, true>): string[] => Object.keys(fields).sort();
/** Every member of a string union, each once. */
const membersOf = <U extends string>(members: Record<U, true>): string[] => Object.keys(members).sort();

const CLIENT_FRAMES: { [T in ClientFrameType]: string[] } = {
  join: fieldsOf<ClientFrameOf<'join'>>({
    v: true,
    appId: true,
    roomId: true,
    userId: true,
    token: true,
    visible: true,
    device: true,
  }),
  leave: fieldsOf<ClientFrameOf<'leave'>>({}),
  publish: fieldsOf<ClientFrameOf<'publish'>>({
    stream: true,
    audio: true,
    video: true,
    data: true,
    videoHeight: true,
  }),
  unpublish: fieldsOf<ClientFrameOf<'unpublish'>>({ stream: true }),
  subscribe: fieldsOf<ClientFrameOf<'subscribe'>>({ userId: true, stream: true, audio: true, video: true }),
  unsubscribe: fieldsOf<ClientFrameOf<'unsubscribe'>>({ userId: true, stream: true }),
  send: fieldsOf<ClientFrameOf<'send'>>({ to: true, text: true, binary: true }),
  renewToken: fieldsOf<ClientFrameOf<'renewToken'>>({ token: true }),
  setVisible: fieldsOf<ClientFrameOf<'setVisible'>>({ visible: true }),
  ping: fieldsOf<ClientFrameOf<'ping'>>({}),
  getPublicStream: fieldsOf<ClientFrameOf<'getPublicStream'>>({ publicStreamId: true }),
};

/** The answers to requests (named in "Requests and answers"); the rest are in the "Server frames" table. */
const ANSWERS: { [T in 'joined' | 'ack' | 'pong' | 'tokenRenewed' | 'publicStream']: string[] } = {
  joined: fieldsOf<ServerFrameOf<'joined'>>({
    v: true,
    roomId: true,
    userId: true,
    visible: true,
    sessionId: true,
    resumed: true,
    users: true,
    streams: true,
    heartbeatIntervalMs: true,
    heartbeatTimeoutMs: true,
    tokenExpireAt: true,
    bannedMedia: true,
  }),
  ack: fieldsOf<ServerFrameOf<'ack'>>({}),
  pong: fieldsOf<ServerFrameOf<'pong'>>({}),
  tokenRenewed: fieldsOf<ServerFrameOf<'tokenRenewed'>>({ expireAt: true }),
  publicStream: fieldsOf<ServerFrameOf<'publicStream'>>({
    publicStreamId: true,
    status: true,
    roomId: true,
    streams: true,
  }),
};
const UNSOLICITED: { [T in Exclude<ServerFrameType, keyof typeof ANSWERS>]: string[] } = {
  error: fieldsOf<ServerFrameOf<'error'>>({ code: true, message: true, clientCode: true, until: true, media: true }),
  userJoined: fieldsOf<ServerFrameOf<'userJoined'>>({ userId: true, reason: true }),
  userLeft: fieldsOf<ServerFrameOf<'userLeft'>>({ userId: true, reason: true }),
  streamPublished: fieldsOf<ServerFrameOf<'streamPublished'>>({
    userId: true,
    stream: true,
    audio: true,
    video: true,
    data: true,
  }),
  streamUnpublished: fieldsOf<ServerFrameOf<'streamUnpublished'>>({ userId: true, stream: true }),
  message: fieldsOf<ServerFrameOf<'message'>>({ kind: true, from: true, text: true, binary: true }),
  kicked: fieldsOf<ServerFrameOf<'kicked'>>({ code: true, reason: true, until: true }),
  roomDismissed: fieldsOf<ServerFrameOf<'roomDismissed'>>({ code: true }),
  streamBanned: fieldsOf<ServerFrameOf<'streamBanned'>>({ userId: true, media: true, banned: true, until: true }),
  privilegesLimited: fieldsOf<ServerFrameOf<'privilegesLimited'>>({ privileges: true, until: true }),
  tokenWillExpire: fieldsOf<ServerFrameOf<'tokenWillExpire'>>({ expireAt: true }),
  tokenExpired: fieldsOf<ServerFrameOf<'tokenExpired'>>({ code: true }),
};

const ERROR_CODES = membersOf<PresenceErrorCode>({
  MalformedFrame: true,
  UnknownFrameType: true,
  UnsupportedVersion: true,
  InvalidToken: true,
  TokenExpired: true,
  Banned: true,
  NotJoined: true,
  AlreadyJoined: true,
  NoPrivilege: true,
  PrivilegeLimited: true,
  StreamBanned: true,
  InvisibleCannotPublish: true,
  UserNotInRoom: true,
  HeartbeatTimeout: true,
  Replaced: true,
  ServerClosing: true,
  InternalError: true,
});

const LEAVE_REASONS = membersOf<PresenceLeaveReason>({
  UserLeave: true,
  Kicked: true,
  RoomDismissed: true,
  HeartbeatTimeout: true,
  SlowConsumer: true,
  onUserTokenDidExpire: true,
  ServerShutdown: true,
  ServerRestart: true,
});

/** The text of a section, from its heading to the next heading of the same or a higher level. */
function section(heading: string): string {
  const start = doc.indexOf(`\n${heading}\n`);
  assert.notEqual(start, -1, `the page has a section ${heading}`);
  const level = heading.split(' ')[0]!;
  const rest = doc.slice(start + heading.length + 2);
  const end = rest.search(new RegExp(`\\n#{1,${level.length}} `));
  return end === -1 ? rest : rest.slice(0, end);
}

/** The rows of the first table in `text`: cells without their outer pipes, header and rule skipped. */
function tableRows(text: string): string[][] {
  const lines = text.split('\n').filter((l) => l.startsWith('|'));
  return lines.slice(2).map((l) =>
    l
      .slice(1, -1)
      .split('|')
      .map((c) => c.trim()),
  );
}

/** Backticked names in a cell, leaving out what is in parentheses (values, remarks) and `name: value`'s value. */
function namesIn(cell: string): string[] {
  const bare = cell.replace(/\([^)]*\)/g, '');
  return [...bare.matchAll(/`([^`]+)`/g)]
    .map((m) => m[1]!.split(':')[0]!.trim())
    .filter((n) => /^[A-Za-z][A-Za-z0-9]*$/.test(n));
}

describe('the presence types agree with docs/presence-protocol.md', () => {
  it('client frames: the table lists every type with exactly its fields', () => {
    const rows = tableRows(section('## Client frames'));
    const documented = Object.fromEntries(rows.map(([type, fields]) => [namesIn(type!)[0]!, namesIn(fields!).sort()]));
    assert.deepEqual(documented, CLIENT_FRAMES);
  });

  it('server frames: the answers and the unsolicited table, with exactly their fields', () => {
    const rows = tableRows(section('## Server frames (unsolicited)'));
    const documented = Object.fromEntries(rows.map(([type, fields]) => [namesIn(type!)[0]!, namesIn(fields!).sort()]));
    // An error answering a request carries what its code needs: clientCode, until, media (Requests and answers).
    const answerOnly = ['clientCode', 'media', 'until'];
    assert.deepEqual({ ...documented, error: [...documented.error!, ...answerOnly].sort() }, UNSOLICITED);
    const answers = section('## Requests and answers');
    for (const name of answerOnly) assert.match(answers, new RegExp(`\`${name}\``), name);
    for (const name of Object.keys(ANSWERS)) assert.match(answers, new RegExp(`\`${name}\``), name);
    const joined = /`joined` carries: ([^.]*)\./.exec(doc)?.[1] ?? '';
    assert.deepEqual(namesIn(joined).sort(), ANSWERS.joined);
    assert.match(doc, /`tokenRenewed` `\{expireAt\}`/);
  });

  it('error codes, close codes and leave reasons', () => {
    const errors = tableRows(section('## Error codes')).flatMap(([codes]) => namesIn(codes!));
    assert.deepEqual(errors.sort(), ERROR_CODES);
    const closes = tableRows(section('## Close codes')).map(([code]) => Number(code!.replaceAll('`', '')));
    assert.deepEqual(closes.sort(), Object.values(PresenceCloseCode).sort());
    const reasons = /Leave reasons: ([^\n]*(?:\n[^\n]+)*)/.exec(doc)?.[1] ?? '';
    assert.deepEqual(namesIn(reasons).sort(), LEAVE_REASONS);
  });

  it('the version, path and sizes', () => {
    assert.match(doc, new RegExp(`^# Presence protocol, version ${PRESENCE_PROTOCOL_VERSION}$`, 'm'));
    assert.match(doc, new RegExp(`\`ws://host:port${PRESENCE_PATH}\``));
    assert.equal(PRESENCE_MAX_FRAME_BYTES, 128 * 1024);
    assert.match(doc, /at most 128 KiB/);
    assert.equal(PRESENCE_MAX_MESSAGE_BYTES, 64 * 1024);
    assert.match(doc, /at most 64 KiB \(decoded\)/);
  });
});
