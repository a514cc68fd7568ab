// Receivers that misbehave on purpose, on real sockets: each event must end in the documented retries and then a
// `failed` entry, within the documented times, with the connections the worker gave up on closed and nothing left
// in flight. Small times keep it quick: 300 ms per attempt, retries after 50 and 100 ms.
import assert from 'node:assert/strict';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type Socket } from 'node:net';
import { afterEach, describe, it } from 'node:test';
import { selfSignedCertificate } from '../../../client/test/support/local-server.js';
import {
  closeServer,
  listen,
  SECRET,
  startDelivery,
  trackSockets,
  until,
  type DeliveryHarness,
} from './delivery-harness.js';

const TIMEOUT_MS = 300;
const RETRY_BASE_MS = 50;
const OPTIONS = { timeoutMs: TIMEOUT_MS, retryBaseMs: RETRY_BASE_MS, maxRetries: 2 };
/** Three attempts of at most the timeout, the two retry delays, and room for polling and a loaded machine. */
const FAILED_WITHIN_MS = 3 * TIMEOUT_MS + RETRY_BASE_MS * (1 + 2) + 1000;
const APP = 'hostile-app';

/** Runs one event against a receiver and checks the documented end: retry, retry, failed. */
async function deliverToHostile(
  url: string,
  error: RegExp,
  extra: (h: DeliveryHarness) => Promise<void> | void = () => {},
) {
  const h = startDelivery(OPTIONS);
  cleanups.push(() => h.close());
  h.subscribe({ appId: APP, url });
  const [eventId] = h.emit(APP);
  const tookMs = await h.settled([eventId!], FAILED_WITHIN_MS);
  const log = h.attempts(eventId!);
  assert.deepEqual(
    log.map((e) => [e.attempt, e.outcome]),
    [
      [1, 'retry'],
      [2, 'retry'],
      [3, 'failed'],
    ],
  );
  for (const e of log) {
    assert.match(e.error ?? '', error);
    assert.ok(e.durationMs <= TIMEOUT_MS + 150, `attempt ${e.attempt} took ${e.durationMs} ms`);
    assert.ok(!(e.error ?? '').includes(SECRET));
  }
  // The retries waited their turn: 50 ms, then 100 ms after the attempt before.
  const at = log.map((e) => Date.parse(e.at));
  assert.ok(at[1]! - at[0]! >= RETRY_BASE_MS, `retry 1 came ${at[1]! - at[0]!} ms after attempt 1`);
  assert.ok(at[2]! - at[1]! >= 2 * RETRY_BASE_MS, `retry 2 came ${at[2]! - at[1]!} ms after attempt 2`);
  assert.ok(tookMs < FAILED_WITHIN_MS);
  assert.equal(h.status(eventId!), 'failed');
  await extra(h);
  await until(() => h.worker.inFlight === 0, 'no post in flight');
  return log;
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('hostile callback receivers', () => {
  it('one that trickles its status line byte by byte: cut at the timeout', async () => {
    const answer = 'HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok';
    let requests = 0;
    const server = createNetServer((socket) => {
      socket.on('error', () => {});
      socket.once('data', () => {
        requests++;
        let i = 0;
        const timer = setInterval(() => {
          if (i < answer.length) socket.write(answer[i++]!);
        }, 40);
        socket.on('close', () => clearInterval(timer));
      });
    });
    const sockets = trackSockets(server);
    const { url } = await listen(server);
    cleanups.push(() => closeServer(server, sockets));
    const log = await deliverToHostile(url, new RegExp(`^no answer within ${TIMEOUT_MS} ms$`));
    assert.ok(log.every((e) => e.httpStatus === undefined && e.durationMs >= TIMEOUT_MS - 20));
    assert.equal(requests, 3);
    await until(() => sockets.used.size === 0, 'the trickling connections closed', 500);
  });

  it('one that sends its headers, then trickles the body: the whole answer must come within the timeout', async () => {
    const server = createHttpServer((req, res) => {
      req.resume();
      res.on('error', () => {});
      res.writeHead(200, { 'content-length': '100' });
      const timer = setInterval(() => res.write('.'), 40);
      res.on('close', () => clearInterval(timer));
    });
    const sockets = trackSockets(server);
    const { url } = await listen(server);
    cleanups.push(() => closeServer(server, sockets));
    const log = await deliverToHostile(url, new RegExp(`^HTTP 200, body not complete within ${TIMEOUT_MS} ms$`));
    assert.ok(log.every((e) => e.httpStatus === 200));
    await until(() => sockets.used.size === 0, 'the trickling connections closed', 500);
  });

  it('one that answers 200 with an endless body: read up to the cap, then the connection is closed', async () => {
    let written = 0;
    const server = createHttpServer((req, res) => {
      req.resume();
      res.on('error', () => {});
      res.writeHead(200, { 'content-type': 'text/plain' });
      const chunk = Buffer.alloc(16 * 1024, 'x');
      const pump = () => {
        while (!res.destroyed && res.write(chunk)) written += chunk.length;
      };
      res.on('drain', pump);
      pump();
    });
    const sockets = trackSockets(server);
    const { url } = await listen(server);
    cleanups.push(() => closeServer(server, sockets));
    const log = await deliverToHostile(url, /^HTTP 200, answer body over 16384 bytes$/);
    assert.ok(
      log.every((e) => e.durationMs < TIMEOUT_MS),
      'the cap ends it before the timeout',
    );
    await until(() => sockets.used.size === 0, 'the endless connections closed', 500);
    // Cancelled early: what the receiver managed to write stays far below "endless".
    assert.ok(written < 64 * 1024 * 1024, `${written} bytes written`);
  });

  it('a redirect loop: a 3xx is a failed answer and is never followed', async () => {
    let looped = 0;
    let followed = 0;
    const target = createHttpServer((req, res) => {
      followed++;
      req.resume();
      res.end('ok');
    });
    const targetSockets = trackSockets(target);
    const targetUrl = (await listen(target)).url;
    cleanups.push(() => closeServer(target, targetSockets));
    const server = createHttpServer((req, res) => {
      looped++;
      req.resume();
      // Alternately to itself (a loop) and, keeping method and body, to a receiver that would answer 200.
      res.writeHead(looped % 2 === 1 ? 302 : 307, { location: looped % 2 === 1 ? req.url! : targetUrl });
      res.end();
    });
    const sockets = trackSockets(server);
    const { url } = await listen(server);
    cleanups.push(() => closeServer(server, sockets));
    const log = await deliverToHostile(url, /^HTTP 30[27]$/);
    assert.deepEqual(
      log.map((e) => e.httpStatus),
      [302, 307, 302],
    );
    assert.equal(looped, 3);
    assert.equal(followed, 0);
  });

  it('a TLS endpoint with a certificate nobody vouches for: refused, nothing sent', async () => {
    let requests = 0;
    const server = createHttpsServer(selfSignedCertificate(), (req, res) => {
      requests++;
      req.resume();
      res.end('ok');
    });
    const sockets = trackSockets(server);
    const { url } = await listen(server, 'https');
    cleanups.push(() => closeServer(server, sockets));
    await deliverToHostile(url, /certificate|CERT/);
    assert.equal(requests, 0, 'the body never went to the untrusted endpoint');
  });

  it('one that resets the connection when the request comes', async () => {
    let resets = 0;
    const server = createNetServer((socket: Socket) => {
      socket.on('error', () => {});
      socket.once('data', () => {
        resets++;
        socket.resetAndDestroy();
      });
    });
    const sockets = trackSockets(server);
    const { url } = await listen(server);
    cleanups.push(() => closeServer(server, sockets));
    const log = await deliverToHostile(url, /ECONNRESET|UND_ERR_SOCKET|other side closed/);
    assert.ok(log.every((e) => e.httpStatus === undefined));
    assert.equal(resets, 3);
  });

  it('a URL with a password: the password is in no error and in no log entry', async () => {
    const server = createHttpServer((req, res) => {
      req.resume();
      res.end('ok');
    });
    const sockets = trackSockets(server);
    const { url } = await listen(server);
    cleanups.push(() => closeServer(server, sockets));
    const withPassword = url.replace('http://', 'http://hook:pa55-w0rd@');
    // fetch refuses a URL with credentials and quotes the URL in its error.
    const log = await deliverToHostile(withPassword, /credentials/);
    for (const e of log) {
      assert.ok(!JSON.stringify(e).includes('pa55-w0rd'), JSON.stringify(e));
      assert.match(e.url, /^http:\/\/hook@127\.0\.0\.1:/);
    }
  });
});
