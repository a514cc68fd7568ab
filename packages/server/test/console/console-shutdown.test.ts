// A console page left open must not hold up the server's shutdown: its event streams (the live rooms) never end by
// themselves, so the server ends them as it starts closing instead of waiting for its grace period to cut them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startServer } from '../e2e/e2e-server.js';
import { ensureConsoleBuilt } from './console-build.js';

const TOKEN = 'console-shutdown-admin-token-51c2';
/** Far longer than a close that ends the streams takes; one that waited for it fails the test (its timeout). */
const GRACE_MS = 60_000;

describe('console event streams at shutdown', () => {
  it(
    'ends the open live-room stream and closes without waiting for the grace period',
    { timeout: 40_000 },
    async () => {
      ensureConsoleBuilt();
      const running = await startServer({ dev: true, adminToken: TOKEN, shutdownGraceMs: GRACE_MS });
      try {
        const origin = running.url;
        const login = await fetch(`${origin}/console/login`, {
          method: 'POST',
          redirect: 'manual',
          headers: { origin, 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ token: TOKEN }).toString(),
        });
        const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
        const stream = await fetch(`${origin}/console/api/rooms/stream`, {
          headers: { cookie, 'sec-fetch-site': 'same-origin', accept: 'text/event-stream' },
        });
        assert.equal(stream.status, 200);
        const reader = stream.body!.getReader();
        const decoder = new TextDecoder();
        let text = '';
        while (!text.includes('event: rooms')) {
          const { value, done } = await reader.read();
          assert.ok(!done, 'the stream ended before its first event');
          text += decoder.decode(value);
        }

        const startedClosing = Date.now();
        const closing = running.close();
        // The stream ends (the server ended it), rather than being cut at the end of the grace period.
        for (;;) {
          const { done } = await reader.read();
          if (done) break;
        }
        await closing;
        const tookMs = Date.now() - startedClosing;
        assert.ok(tookMs < GRACE_MS / 2, `the close took ${tookMs} ms: it waited for the grace period`);
      } finally {
        await running.close();
        running.removeData();
      }
    },
  );
});
