import assert from 'node:assert/strict';
import { RtcApiError } from '@rtc-openapi/client';

/** The call fails with the API error `code`, its message matching `message` (the field named) when given. */
export async function rejectsWithCode(promise: Promise<unknown>, code: string, message?: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof RtcApiError, String(error));
    assert.equal(error.code, code, error.message);
    if (message) assert.match(error.message, message);
    return true;
  });
}
