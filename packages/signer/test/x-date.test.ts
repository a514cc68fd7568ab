import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatXDate, SignerArgumentError } from '@rtc-openapi/signer';
import { parseXDate } from '../src/x-date.js';

describe('formatXDate', () => {
  it('formats UTC and drops milliseconds', () => {
    assert.equal(formatXDate(new Date('2021-06-01T12:34:56.789Z')), '20210601T123456Z');
    assert.equal(formatXDate(new Date('2000-01-01T00:00:00Z')), '20000101T000000Z');
    assert.equal(formatXDate(new Date('2024-02-29T23:59:59.999Z')), '20240229T235959Z');
  });

  it('gives a fresh answer for each second', () => {
    assert.equal(formatXDate(new Date('2024-05-20T08:30:00.100Z')), '20240520T083000Z');
    assert.equal(formatXDate(new Date('2024-05-20T08:30:00.900Z')), '20240520T083000Z');
    assert.equal(formatXDate(new Date('2024-05-20T08:30:01.000Z')), '20240520T083001Z');
  });

  it('throws SignerArgumentError for something that is not a valid Date', () => {
    assert.throws(() => formatXDate(new Date(Number.NaN)), SignerArgumentError);
    assert.throws(() => formatXDate('2024-05-20' as never), { name: 'SignerArgumentError', field: 'date' });
  });
});

describe('parseXDate', () => {
  it('reads a well-formed X-Date', () => {
    assert.equal(parseXDate('20240520T083000Z'), Date.UTC(2024, 4, 20, 8, 30, 0));
    assert.equal(parseXDate('20240229T235959Z'), Date.UTC(2024, 1, 29, 23, 59, 59));
  });

  for (const bad of [
    '20230229T000000Z',
    '20240431T000000Z',
    '20241301T000000Z',
    '20240520T246000Z',
    '20240520 083000Z',
    '2024-05-20T08:30:00Z',
    '20240520T083000',
    '',
    '２０２４0520T083000Z',
  ]) {
    it(`rejects ${JSON.stringify(bad)}`, () => {
      assert.equal(parseXDate(bad), undefined);
    });
  }
});
