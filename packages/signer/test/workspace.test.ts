import { test } from 'node:test';
import assert from 'node:assert/strict';
import { packageName } from '@rtc-openapi/signer';
test('workspace resolves the signer package from source', () => {
  assert.equal(packageName, '@rtc-openapi/signer');
});
