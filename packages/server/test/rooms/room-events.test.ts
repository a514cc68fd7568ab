// The callback events of rooms and users, each built by one function of rooms/room-events.ts. EventData is
// serialised as built (callback-outbox.ts) and signed, so its exact text, key order included, is pinned here.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RoomEvent } from '../../src/events/callback-outbox.js';
import {
  roleChangeEvent,
  roomCreateEvent,
  roomDestroyEvent,
  userJoinEvent,
  userLeaveEvent,
  userStreamEvent,
} from '../../src/rooms/room-events.js';

const AT = 1_700_000_000_123;
const room = { appId: 'app1', roomId: 'r1', callId: 'call-1' };
const visible = { appId: 'app1', roomId: 'r1', userId: 'alice', visible: true };
const invisible = { ...visible, userId: 'ghost', visible: false };

function wire(e: RoomEvent): [string, string, string, number] {
  return [e.appId, e.eventType, JSON.stringify(e.eventData), e.at];
}

describe('room and user callback events', () => {
  it('RoomCreate and RoomDestroy', () => {
    assert.deepEqual(wire(roomCreateEvent(room, AT)), [
      'app1',
      'RoomCreate',
      `{"RoomId":"r1","CallId":"call-1","Timestamp":${AT}}`,
      AT,
    ]);
    assert.deepEqual(wire(roomDestroyEvent(room, 'RoomDismissed', AT)), [
      'app1',
      'RoomDestroy',
      `{"RoomId":"r1","CallId":"call-1","Reason":"RoomDismissed","Timestamp":${AT}}`,
      AT,
    ]);
  });

  it('joins and leaves, visible and invisible; a previous run closed at start has no Duration', () => {
    assert.deepEqual(wire(userJoinEvent(visible, AT)), [
      'app1',
      'UserJoinRoom',
      `{"RoomId":"r1","UserId":"alice","Timestamp":${AT}}`,
      AT,
    ]);
    assert.equal(userJoinEvent(invisible, AT).eventType, 'InvisibleUserJoinRoom');
    assert.deepEqual(wire(userLeaveEvent(visible, 'Kicked', 42, AT)), [
      'app1',
      'UserLeaveRoom',
      `{"RoomId":"r1","UserId":"alice","Reason":"Kicked","Duration":42,"Timestamp":${AT}}`,
      AT,
    ]);
    assert.deepEqual(wire(userLeaveEvent(invisible, 'ServerRestart', undefined, AT)), [
      'app1',
      'InvisibleUserLeaveRoom',
      `{"RoomId":"r1","UserId":"ghost","Reason":"ServerRestart","Timestamp":${AT}}`,
      AT,
    ]);
  });

  it('role changes', () => {
    assert.deepEqual(wire(roleChangeEvent(invisible, true, AT)), [
      'app1',
      'RoleChangeInvisible2Visible',
      `{"RoomId":"r1","UserId":"ghost","Timestamp":${AT}}`,
      AT,
    ]);
    assert.equal(roleChangeEvent(visible, false, AT).eventType, 'RoleChangeVisible2Invisible');
  });

  it('publish and unpublish, main stream 0 and screen 1', () => {
    assert.deepEqual(wire(userStreamEvent(visible, true, 'main', { audio: true, video: false, data: true }, AT)), [
      'app1',
      'UserPublishStream',
      `{"RoomId":"r1","UserId":"alice","StreamIndex":0,"Audio":true,"Video":false,"Data":true,"Timestamp":${AT}}`,
      AT,
    ]);
    // A stream dropped by a leave reports what it published; an unpublish reports all false.
    assert.deepEqual(wire(userStreamEvent(visible, false, 'screen', { audio: false, video: true, data: false }, AT)), [
      'app1',
      'UserUnpublishStream',
      `{"RoomId":"r1","UserId":"alice","StreamIndex":1,"Audio":false,"Video":true,"Data":false,"Timestamp":${AT}}`,
      AT,
    ]);
  });
});
