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

  it('gives every line its own fields, whatever the line before it', () => {
    const out = collector();
    const write = requestLineWriter({ levelValue: 30, service: 'rtc-openapi', destination: out.stream });
    // Each field changed alone, right after a line that differs in nothing else, and back (older versions answer
    // business errors with HTTP 200, so the code changes alone too).
    const variants: Partial<RequestLine>[] = [
      { requestId: '20240520083000ABCDEF012300000002', latencyMs: 1.5 },
      { accountId: '2100000002' },
      { userId: 'another-user' },
      { accessKeyId: 'AKLTother' },
      { action: 'DescribeAppKeys' },
      { version: '2020-12-01' },
      { code: 'InvalidParameter.NotExistAppId' },
      { status: 400 },
      { accountId: undefined, userId: undefined, accessKeyId: undefined, code: 'InvalidAccessKey' },
    ];
    const calls: RequestLine[] = [full, ...variants.flatMap((variant) => [{ ...full, ...variant }, full])];
    for (const call of calls) write(call);
    const lines = out.lines();
    assert.equal(lines.length, calls.length);
    calls.forEach((call, i) => {
      const { level, time, service, msg, ...fields } = lines[i]!;
      assert.deepEqual([level, typeof time, service, msg], [30, 'number', 'rtc-openapi', 'request']);
      // What pino would write for the call: the undefined fields left out.
      assert.deepEqual(fields, JSON.parse(JSON.stringify(call)), `line ${i}`);
    });
  });

  it('writes nothing when the level is above info', () => {
    const out = collector();
    requestLineWriter({ levelValue: 40, service: 'rtc-openapi', destination: out.stream })(full);
    requestLineWriter({ levelValue: Infinity, service: 'rtc-openapi', destination: out.stream })(full);
    assert.equal(out.text(), '');
  });
});
