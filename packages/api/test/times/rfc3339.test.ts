import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseRfc3339 } from '@rtc-openapi/api';

describe('parseRfc3339', () => {
  it('reads UTC and offset forms, fractions and lower-case T and Z', () => {
    const midnight = Date.UTC(2024, 0, 1);
    assert.equal(parseRfc3339('2024-01-01T00:00:00Z'), midnight);
    assert.equal(parseRfc3339('2024-01-01t00:00:00z'), midnight);
    assert.equal(parseRfc3339('2024-01-01T08:00:00+08:00'), midnight);
    assert.equal(parseRfc3339('2023-12-31T19:30:00-04:30'), midnight);
    assert.equal(parseRfc3339('2024-01-01T00:00:00.25Z'), midnight + 250);
    assert.equal(parseRfc3339('2024-01-01T00:00:00.123456789Z'), midnight + 123);
    assert.equal(parseRfc3339('2024-02-29T23:59:59Z'), Date.UTC(2024, 1, 29, 23, 59, 59));
  });

  it('refuses impossible moments instead of rolling them over', () => {
    for (const text of [
      '2024-02-30T00:00:00Z',
      '2023-02-29T00:00:00Z',
      '2024-13-01T00:00:00Z',
      '2024-04-31T00:00:00Z',
      '2024-01-01T24:00:00Z',
      '2024-01-01T00:60:00Z',
      '2024-01-01T00:00:60Z',
      '2024-01-01T00:00:00+24:00',
      '2024-01-01T00:00:00+08:60',
    ]) {
      assert.equal(parseRfc3339(text), undefined, text);
    }
  });

  it('refuses what Date.parse would take but RFC 3339 does not', () => {
    for (const text of ['1', '2024-01-01', 'Jan 1 2024', '2024-01-01T00:00:00', '2024-01-01 00:00:00Z', '']) {
      assert.equal(parseRfc3339(text), undefined, text);
    }
  });
});
