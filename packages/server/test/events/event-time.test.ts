import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatEventTime } from '../../src/events/event-time.js';

// The callback signature (catalog 4.4) and its vector tests live in packages/signer; callback-delivery.test.ts checks
// that delivered bodies carry it.
describe('callback EventTime', () => {
  it('is RFC 3339 UTC with nine fraction digits', () => {
    assert.equal(formatEventTime(Date.UTC(2024, 0, 1, 0, 0, 0, 123)), '2024-01-01T00:00:00.123000000Z');
  });
});
