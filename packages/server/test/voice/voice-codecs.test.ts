// The binary frame layout, the SSE reader and the sentence splitting of subtitles.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeVoiceFrame, encodeVoiceFrame, encodeVoiceFrameRaw, type SubtitleLine } from '@rtc-openapi/api';
import { SseReader } from '../../src/voice/sse-reader.js';
import { SubtitleStream } from '../../src/voice/subtitle-stream.js';

describe('voice frames: 4-byte magic, big-endian length, UTF-8 JSON', () => {
  it('lays a frame out byte by byte and reads it back', () => {
    const frame = encodeVoiceFrame('func', { ToolCallID: 'c1', Content: 'é' });
    const json = '{"ToolCallID":"c1","Content":"é"}';
    const body = Buffer.from(json, 'utf8');
    assert.deepEqual(Buffer.from(frame.subarray(0, 4)).toString('ascii'), 'func');
    assert.equal(Buffer.from(frame).readUInt32BE(4), body.length);
    assert.deepEqual(Buffer.from(frame.subarray(8)), body);
    assert.deepEqual(decodeVoiceFrame(frame), { ok: true, magic: 'func', payload: { ToolCallID: 'c1', Content: 'é' } });
  });

  it('names what is wrong with a bad frame instead of throwing', () => {
    assert.deepEqual(decodeVoiceFrame(new Uint8Array([1, 2, 3])), {
      ok: false,
      problem: 'a voice frame has at least 8 bytes',
    });
    const frame = encodeVoiceFrame('ctrl', { Command: 'interrupt' });
    const short = frame.subarray(0, frame.length - 1);
    assert.match((decodeVoiceFrame(short) as { problem: string }).problem, /length field says/);
    assert.equal(
      (decodeVoiceFrame(encodeVoiceFrameRaw('subv', '{nope')) as { problem: string }).problem,
      'the payload is not JSON',
    );
    const bad = Buffer.from(encodeVoiceFrameRaw('subv', 'ab'));
    bad[8] = 0xff;
    assert.equal((decodeVoiceFrame(bad) as { problem: string }).problem, 'the payload is not UTF-8');
    assert.throws(() => encodeVoiceFrameRaw('toolong', '{}'), RangeError);
  });
});

describe('the SSE reader', () => {
  it('joins data lines across chunk boundaries, CRLF or LF, and skips comments and other fields', () => {
    const got: string[] = [];
    const r = new SseReader((d) => got.push(d));
    r.push(': keep-alive\r\nevent: x\r\ndata: {"a"');
    r.push(':1}\r\n\r\ndata: one\ndata: two\n\ndata:[DONE]');
    assert.deepEqual(got, ['{"a":1}', 'one\ntwo']);
    r.end();
    assert.deepEqual(got, ['{"a":1}', 'one\ntwo', '[DONE]']);
  });
});

describe('subtitle lines from streamed text', () => {
  const collect = () => {
    const lines: SubtitleLine[] = [];
    let seq = 0;
    const s = new SubtitleStream(
      'bot',
      3,
      () => seq++,
      (l) => lines.push(l),
    );
    return { s, lines, view: () => lines.map((l) => [l.text, l.definite, l.paragraph, l.sequence]) };
  };

  it('sends the sentence so far, each complete sentence as definite, the last with paragraph', () => {
    const { s, view, lines } = collect();
    s.push('Hi');
    s.push(' you. Next');
    s.push(' one');
    s.end();
    assert.deepEqual(view(), [
      ['Hi', false, false, 0],
      ['Hi you.', true, false, 0],
      ['Next', false, false, 1],
      ['Next one', false, false, 1],
      ['Next one', true, true, 1],
    ]);
    assert.ok(lines.every((l) => l.userId === 'bot' && l.roundId === 3));
  });

  it('says a whole text as sentences; full-width punctuation ends a sentence', () => {
    const { s, view } = collect();
    s.say('你好。今天怎么样？');
    assert.deepEqual(view(), [
      ['你好。', true, false, 0],
      ['今天怎么样？', true, true, 1],
    ]);
  });
});
