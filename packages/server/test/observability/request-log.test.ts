import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { pino } from 'pino';
import { requestLineWriter, type RequestLine } from '../../src/observability/request-log.js';

function collector(): { stream: Writable; lines: () => Record<string, unknown>[]; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return {
    stream,
    text: () => text,
    lines: () =>
      text
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

const full: RequestLine = {
  requestId: '20240520083000ABCDEF012300000001',
  accountId: '2100000001',
  userId: '2100000001-sub',
  accessKeyId: 'AKLTexample',
  action: 'ListApps',
  version: '2023-11-01',
  code: 'OK',
  status: 200,
  latencyMs: 0.412,
};

describe('the request line writer', () => {
  it('writes what pino writes for the same fields, in the same order', () => {
    const ours = collector();
    const theirs = collector();
    requestLineWriter({ levelValue: 30, service: 'rtc-openapi', destination: ours.stream })(full);
    pino({ base: { service: 'rtc-openapi' } }, theirs.stream).info(full, 'request');
    const [a] = ours.lines();
    const [b] = theirs.lines();
    assert.equal(typeof a!.time, 'number');
    // Equal key order too: the lines read the same to a person scanning them.
    assert.deepEqual(Object.entries({ ...a, time: 0 }), Object.entries({ ...b, time: 0 }));
  });

  it('leaves out the caller fields of a call that never authenticated, as pino leaves out undefined ones', () => {
    const out = collector();
    const write = requestLineWriter({ levelValue: 30, service: 'rtc-openapi', destination: out.stream });
    write({ ...full, accountId: undefined, userId: undefined, accessKeyId: undefined, code: 'InvalidAccessKey' });
    const [line] = out.lines();
    assert.equal('accountId' in line!, false);
    assert.equal('userId' in line!, false);
    assert.equal(line!.code, 'InvalidAccessKey');
  });

  it('escapes what a client chose (the action and version as asked) so that a line stays one JSON line', () => {
    const out = collector();
    const write = requestLineWriter({ levelValue: 30, service: 'rtc-openapi', destination: out.stream });
    const action = 'List"Apps\n{"level":60}\u2028\\';
    write({ ...full, action, version: '\u0000x' });
    assert.equal(out.text().split('\n').length, 2, 'one line and the final newline');
    const [line] = out.lines();
    assert.equal(line!.action, action);
    assert.equal(line!.version, '\u0000x');
    assert.equal(line!.level, 30);
  });

  it('writes nothing when the level is above info', () => {
    const out = collector();
    requestLineWriter({ levelValue: 40, service: 'rtc-openapi', destination: out.stream })(full);
    requestLineWriter({ levelValue: Infinity, service: 'rtc-openapi', destination: out.stream })(full);
    assert.equal(out.text(), '');
  });
});
