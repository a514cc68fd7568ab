// Frames a hostile client sends: nested values thousands of levels deep in every field, oversized and invalid
// UTF-8 frames, handlers that fail unexpectedly, and a burst of valid, malformed and binary frames whose answers
// must come back in the order the frames were sent. The server runs in this process: a frame that killed it would
// end the test run.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { previewOf } from '../../src/rooms/frame-preview.js';
import { APP_ID, startHarness, type Frame, type Harness, type TestClient } from './rooms-harness.js';

const nestedArray = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);
const nestedObject = (depth: number): string => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
/** The deepest of each still fits the 128 KiB frame limit (an array level is 2 bytes, an object level 6). */
const DEPTHS = { array: [1_000, 3_000, 10_000, 60_000], object: [1_000, 3_000, 10_000, 20_000] };

/** Still alive and answering: a ping gets its pong. */
async function answersPing(c: TestClient): Promise<void> {
  assert.equal((await c.request({ type: 'ping' })).type, 'pong');
  assert.equal(c.closed, undefined);
}

describe('presence frames from a hostile client', () => {
  let h: Harness;
  let logText = '';
  before(async () => {
    const logger = pino(
      { level: 'debug' },
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          logText += chunk.toString();
          done();
        },
      }),
    );
    h = await startHarness({ logger });
  });
  after(() => h.close());

  it('answers a frame whose type is an array or object nested 1k to 60k levels deep, before and after joining', async () => {
    const c = await h.connect();
    const joinedLater = await h.connect();
    await joinedLater.join({ roomId: 'deep', userId: 'joined', token: h.token('deep', 'joined') });
    for (const client of [c, joinedLater]) {
      for (const kind of ['array', 'object'] as const) {
        for (const depth of DEPTHS[kind]) {
          const id = `${kind}-${depth}`;
          client.sendRaw(`{"type":${kind === 'array' ? nestedArray(depth) : nestedObject(depth)},"id":"${id}"}`);
          const answer = await client.next((f) => f.id === id, `the answer to the ${id} frame`);
          assert.equal(answer.type, 'error');
          assert.equal(answer.code, 'UnknownFrameType');
          const preview = kind === 'array' ? '[[[…]]]' : '{"a":{"a":{…}}}';
          assert.equal(answer.message, `unknown frame type ${preview}`);
        }
      }
      await answersPing(client);
    }
  });

  it('answers nested values in every field of every frame type and keeps the connection', async () => {
    const c = await h.connect();
    await c.join({ roomId: 'deep', userId: 'fields', token: h.token('deep', 'fields') });
    const loner = await h.connect();
    const fieldsOf: Record<string, string[]> = {
      join: ['v', 'appId', 'roomId', 'userId', 'token', 'visible', 'device'],
      publish: ['stream', 'audio', 'video', 'data', 'videoHeight'],
      unpublish: ['stream'],
      subscribe: ['userId', 'stream', 'audio', 'video'],
      unsubscribe: ['userId', 'stream'],
      send: ['to', 'text', 'binary'],
      renewToken: ['token'],
      setVisible: ['visible'],
      leave: ['id'],
      ping: ['id'],
    };
    const valid: Record<string, Record<string, unknown>> = {
      join: { v: 1, appId: APP_ID, roomId: 'deep', userId: 'other', token: h.token('deep', 'other') },
      publish: { stream: 'main', audio: true },
      unpublish: { stream: 'main' },
      subscribe: { userId: 'x', stream: 'main' },
      unsubscribe: { userId: 'x', stream: 'main' },
      send: { text: 'hi' },
      renewToken: { token: 't' },
      setVisible: { visible: true },
    };
    let n = 0;
    for (const client of [c, loner]) {
      for (const [type, fields] of Object.entries(fieldsOf)) {
        for (const field of fields) {
          for (const nested of [nestedArray(10_000), nestedObject(10_000)]) {
            const marker = `m${n++}`;
            const others = JSON.stringify({ ...valid[type], type, marker }).slice(1, -1);
            // A nested id cannot be echoed: the answer is found by the ping that follows it.
            const id = field === 'id' ? nested : JSON.stringify(marker);
            const rest = field === 'id' ? '' : `,${JSON.stringify(field)}:${nested}`;
            client.sendRaw(`{${others},"id":${id}${rest}}`);
            const from = client.frames.length;
            const pong = await client.request({ type: 'ping' });
            const answers = client.frames.slice(from).filter((f) => f !== pong);
            const answer =
              field === 'id'
                ? client.frames[client.frames.indexOf(pong) - 1]
                : await client.next((f) => f.id === marker, `the answer to ${type}.${field}`);
            assert.ok(answer, `an answer to ${type}.${field} (got ${JSON.stringify(answers).slice(0, 200)})`);
            // An object (of any depth) is a valid device: only its three strings are read.
            if (type === 'join' && field === 'device' && answer.type === 'joined') continue;
            assert.ok(
              ['MalformedFrame', 'UnsupportedVersion', 'AlreadyJoined'].includes(String(answer.code)),
              `${type}.${field}: ${String(answer.code)}`,
            );
            assert.equal(answer.type, 'error', `${type}.${field}: ${JSON.stringify(answer).slice(0, 200)}`);
            assert.ok(String(answer.message).length <= 120);
          }
        }
      }
      assert.equal(client.closed, undefined);
    }
    // The joined connection is still in its room.
    assert.equal(h.module.rooms.member(APP_ID, 'deep', 'fields')?.conn !== undefined, true);
  });

  it('closes a frame over 128 KiB with 1009 and invalid UTF-8 with 1007, and serves the next client', async () => {
    const big = await h.connect();
    big.sendRaw(`{"type":${nestedArray(100_000)}}`);
    assert.equal((await big.waitClosed()).code, 1009);
    const badText = await h.connect();
    badText.ws.send(Buffer.from([0x7b, 0xc3, 0x28, 0x7d]), { binary: false });
    assert.equal((await badText.waitClosed()).code, 1007);
    await answersPing(await h.connect());
  });

  it('answers an unexpected failure with InternalError (no stack on the wire), logs the stack, and goes on', async () => {
    const c = await h.connect();
    const token = h.token('boom', 'victim');
    await c.join({ roomId: 'boom', userId: 'victim', token });
    const rooms = h.module.rooms as unknown as Record<string, unknown>;
    try {
      rooms.subscribe = () => {
        throw new TypeError('subscribe blew up');
      };
      const answer = await c.request({ type: 'subscribe', userId: 'x', stream: 'main' });
      assert.equal(answer.code, 'InternalError');
      assert.equal(answer.message, 'the server could not handle this frame');
      // What runs for every frame, before its handler.
      rooms.touch = () => {
        throw new RangeError('touch blew up');
      };
      assert.equal((await c.request({ type: 'ping' })).code, 'InternalError');
      assert.doesNotMatch(JSON.stringify(c.frames), /blew up|\\n\s+at /);
    } finally {
      delete rooms.subscribe;
      delete rooms.touch;
    }
    await answersPing(c);
    assert.match(logText, /presence frame failed/);
    assert.match(logText, /TypeError: subscribe blew up\\n\s+at /);
    assert.match(logText, /RangeError: touch blew up\\n\s+at /);
    assert.ok(!logText.includes(token), 'the token is not logged');
  });

  it('answers a burst of valid, malformed and binary frames in the order they were sent', async () => {
    const c = await h.connect();
    const token = h.token('order', 'orderly');
    // The join waits for the app lookup; everything after it is read while it is in progress.
    const burst: (string | Buffer)[] = [
      JSON.stringify({ type: 'join', id: 1, v: 1, appId: APP_ID, roomId: 'order', userId: 'orderly', token }),
      JSON.stringify({ type: 'dance', id: 2 }),
      JSON.stringify({ type: 'ping', id: 3 }),
      `{"type":${nestedArray(10_000)},"id":4}`,
      JSON.stringify({ type: 'publish', id: 5, stream: 'side' }),
      Buffer.from([1, 2, 3]),
      JSON.stringify({ type: 'publish', id: 6, stream: 'main', audio: true }),
      'not json',
      JSON.stringify({ type: 'join', id: 7, v: 2 }),
      JSON.stringify({ type: 'setVisible', id: 8, visible: true }),
      JSON.stringify({ type: 'ping', id: 9 }),
    ];
    const from = c.frames.length;
    for (const f of burst) c.ws.send(f, { binary: typeof f !== 'string' });
    await c.next((f) => f.id === 9, 'the last answer');
    const answers = c.frames
      .slice(from)
      .map((f: Frame) => `${f.type}${f.code ? `:${String(f.code)}` : ''}@${String(f.id)}`);
    assert.deepEqual(answers, [
      'joined@1',
      'error:UnknownFrameType@2',
      'pong@3',
      'error:UnknownFrameType@4',
      'error:MalformedFrame@5',
      'error:MalformedFrame@undefined',
      'ack@6',
      'error:MalformedFrame@undefined',
      'error:UnsupportedVersion@7',
      'ack@8',
      'pong@9',
    ]);
  });

  it('counts binary frames as a sign of life', async () => {
    const c = await h.connect();
    await c.join({ roomId: 'alive', userId: 'binary', token: h.token('alive', 'binary') });
    const m = h.module.rooms.member(APP_ID, 'alive', 'binary')!;
    m.lastSeen = 0;
    c.ws.send(Buffer.from([0]));
    await c.nextOfType('error', { code: 'MalformedFrame' });
    assert.ok(m.lastSeen > 0, 'the binary frame touched the member');
  });
});

describe('previewOf', () => {
  it('renders client values flat, short, and without walking deep ones', () => {
    assert.equal(previewOf('dance'), '"dance"');
    assert.equal(previewOf(2), '2');
    assert.equal(previewOf(null), 'null');
    assert.equal(previewOf([]), '[]');
    assert.equal(previewOf([1, [2, [3, [4]]]]), '[1,[2,[…]]]');
    assert.equal(previewOf({ a: { b: { c: 1 } } }), '{"a":{"b":{…}}}');
    assert.equal(previewOf([1, 2, 3, 4, 5]), '[1,2,3,…]');
    assert.equal(previewOf({ a: 1, b: 2, c: 3, d: 4 }), '{"a":1,"b":2,"c":3,…}');
    assert.equal(previewOf('x'.repeat(100)).length, 40);
    assert.ok(previewOf('x'.repeat(100)).endsWith('…'));
    let deep: unknown = [];
    for (let i = 0; i < 1_000_000; i++) deep = [deep];
    assert.equal(previewOf(deep), '[[[…]]]');
    let deepObject: unknown = 1;
    for (let i = 0; i < 1_000_000; i++) deepObject = { a: deepObject };
    assert.equal(previewOf(deepObject), '{"a":{"a":{…}}}');
    assert.ok(previewOf({ ['k'.repeat(500)]: 'v'.repeat(500) }).length <= 40);
  });
});
