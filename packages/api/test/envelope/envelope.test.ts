import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  buildErrorEnvelope,
  buildSuccessEnvelope,
  parseEnvelope,
  RtcArgumentError,
  type EnvelopeMeta,
} from '../../src/index.js';

const meta: EnvelopeMeta = {
  RequestId: '20240101000000abcdef',
  Action: 'StartRecord',
  Version: '2023-11-01',
  Service: 'rtc',
  Region: 'cn-north-1',
};

describe('envelope', () => {
  it('round-trips a success through JSON', () => {
    const envelope = buildSuccessEnvelope(meta, 'ok');
    assert.deepEqual(envelope, { ResponseMetadata: meta, Result: 'ok' });
    assert.deepEqual(parseEnvelope(JSON.parse(JSON.stringify(envelope))), {
      kind: 'success',
      metadata: meta,
      result: 'ok',
    });
  });

  it('round-trips an error through JSON, with and without CodeN', () => {
    const gateway = buildErrorEnvelope(meta, { Code: 'SignatureDoesNotMatch', Message: 'bad', CodeN: 100010 });
    assert.equal('Result' in gateway, false);
    const parsed = parseEnvelope(JSON.parse(JSON.stringify(gateway)));
    assert.equal(parsed.kind, 'error');
    assert.ok(parsed.kind === 'error');
    assert.deepEqual(parsed.error, { Code: 'SignatureDoesNotMatch', Message: 'bad', CodeN: 100010 });
    assert.deepEqual(parsed.metadata, { ...meta, Error: parsed.error });
    const business = parseEnvelope(buildErrorEnvelope(meta, { Code: 'InvalidParameter', Message: 'RoomId' }));
    assert.ok(business.kind === 'error' && !('CodeN' in business.error));
  });

  it('treats Error as failure even beside a Result, and a null Error as success', () => {
    const withResult = { ResponseMetadata: { ...meta, Error: { Code: 'X', Message: 'm' } }, Result: {} };
    assert.equal(parseEnvelope(withResult).kind, 'error');
    assert.equal(parseEnvelope({ ResponseMetadata: { ...meta, Error: null }, Result: null }).kind, 'success');
  });

  it('reads a gateway error that lacks Action and Version', () => {
    const parsed = parseEnvelope({
      ResponseMetadata: { RequestId: 'r', Error: { Code: 'MissingParameter', Message: 'Action' } },
    });
    assert.ok(parsed.kind === 'error');
    assert.equal(parsed.metadata.Action, '');
  });

  it('reports malformed bodies with the reason', () => {
    const cases: Array<[unknown, RegExp]> = [
      [null, /not a JSON object/],
      ['<html>', /not a JSON object/],
      [[], /not a JSON object/],
      [{ Result: 'ok' }, /ResponseMetadata is missing/],
      [{ ResponseMetadata: 'x' }, /ResponseMetadata is missing or not an object/],
      [{ ResponseMetadata: { ...meta, RequestId: 5 } }, /RequestId is not a string/],
      [{ ResponseMetadata: { ...meta, Error: 'boom' } }, /Error is not an object/],
      [{ ResponseMetadata: { ...meta, Error: { Message: 'm' } } }, /Error\.Code/],
      [{ ResponseMetadata: { ...meta, Error: { Code: 'X', Message: 1 } } }, /Error\.Message/],
      [{ ResponseMetadata: { ...meta, Error: { Code: 'X', Message: 'm', CodeN: '100010' } } }, /CodeN/],
    ];
    for (const [value, reason] of cases) {
      const parsed = parseEnvelope(value);
      assert.equal(parsed.kind, 'malformed', JSON.stringify(value));
      assert.ok(parsed.kind === 'malformed');
      assert.match(parsed.reason, reason);
    }
  });

  it('never throws, whatever it is given', () => {
    fc.assert(
      fc.property(fc.anything({ withObjectString: true, withNullPrototype: true }), (value) => {
        const kind = parseEnvelope(value).kind;
        return kind === 'success' || kind === 'error' || kind === 'malformed';
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.record({ ResponseMetadata: fc.anything() }), (value) => parseEnvelope(value).kind !== undefined),
    );
  });

  it('builders throw RtcArgumentError naming the bad field', () => {
    assert.throws(() => buildSuccessEnvelope(null as unknown as EnvelopeMeta, 1), {
      name: 'RtcArgumentError',
      field: 'meta',
    });
    assert.throws(() => buildSuccessEnvelope({ ...meta, Region: undefined } as unknown as EnvelopeMeta, 1), {
      field: 'meta.Region',
    });
    assert.throws(() => buildErrorEnvelope(meta, { Code: '', Message: 'm' }), { field: 'error.Code' });
    assert.throws(() => buildErrorEnvelope(meta, { Code: 'X', Message: 'm', CodeN: 1.5 }), RtcArgumentError);
  });
});
