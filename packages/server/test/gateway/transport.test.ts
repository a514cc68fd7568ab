import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { call, codeOf, startGateway, testKey, type Envelope, type Gateway, type TestKey } from './gateway-harness.js';

/** Writes raw bytes and leaves the connection open (as a slow client would); resolves with all the server sent. */
function rawExchange(url: string, bytes: string | Buffer): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(bytes));
    let text = '';
    socket.on('data', (chunk) => (text += chunk.toString()));
    socket.on('end', () => resolve(text));
    socket.on('error', (error) => (text ? resolve(text) : reject(error)));
  });
}

function envelopeOf(response: string): Envelope {
  return JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4)) as Envelope;
}

describe('transport stage', () => {
  let gateway: Gateway;
  let key: TestKey;
  let release: (() => void) | undefined;
  before(async () => {
    gateway = await startGateway({
      bodyLimitBytes: 1024,
      handlers: {
        ListApps: () =>
          new Promise((resolve) => {
            release = () => resolve({ Total: 0 });
          }),
      },
    });
    key = gateway.identity.addKey(testKey('2100000001'));
  });
  after(() => gateway.close());

  it('refuses a body over the limit with RequestEntityTooLarge (413) and closes the connection', async () => {
    const r = await call(gateway.url, {
      action: 'CreateApp',
      version: '2023-11-01',
      body: { AppName: 'x'.repeat(2000) },
      key,
    });
    assert.equal(r.status, 413);
    assert.equal(codeOf(r), 'RequestEntityTooLarge');
    assert.equal(r.headers.get('connection'), 'close');
  });

  it('refuses a chunked body that grows over the limit', async () => {
    const head =
      'POST /?Action=CreateApp&Version=2023-11-01 HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
      'Transfer-Encoding: chunked\r\n\r\n';
    const chunk = 'a'.repeat(600);
    const response = await rawExchange(gateway.url, `${head}258\r\n${chunk}\r\n258\r\n${chunk}\r\n0\r\n\r\n`);
    assert.match(response, /^HTTP\/1\.1 413/);
    assert.equal(envelopeOf(response).ResponseMetadata.Error?.Code, 'RequestEntityTooLarge');
  });

  it('answers a request Node cannot parse with an envelope, not a bare status line', async () => {
    for (const garbage of [
      'HELLO\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n',
      `GET /${'\u0001'} HTTP/1.1\r\n\r\n`,
    ]) {
      const response = await rawExchange(gateway.url, garbage);
      assert.match(response, /^HTTP\/1\.1 400/, JSON.stringify(garbage));
      assert.equal(envelopeOf(response).ResponseMetadata.Error?.Code, 'InvalidParameter');
    }
  });

  it('answers oversized headers with an envelope', async () => {
    const response = await rawExchange(
      gateway.url,
      `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(20_000)}\r\n\r\n`,
    );
    assert.match(response, /^HTTP\/1\.1 400/);
    assert.match(envelopeOf(response).ResponseMetadata.Error!.Message, /headers are too large/);
  });

  it('finishes an in-flight request during shutdown before closing the modules, then stops accepting', async () => {
    let modulesClosed = false;
    const own = await startGateway({
      onModulesClose: () => (modulesClosed = true),
      handlers: {
        ListApps: () =>
          new Promise((resolve) => {
            release = () => resolve({ Total: 0 });
          }),
      },
    });
    const ownKey = own.identity.addKey(testKey('2100000001'));
    const inFlight = call(own.url, { action: 'ListApps', version: '2023-11-01', body: {}, key: ownKey });
    while (!release) await new Promise((r) => setTimeout(r, 5));
    const closed = own.close();
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(modulesClosed, false, 'the modules closed under a request in flight');
    release();
    const r = await inFlight;
    assert.deepEqual(r.json.Result, { Total: 0 });
    await closed;
    assert.ok(modulesClosed);
    await assert.rejects(fetch(`${own.url}/healthz`));
  });

  it('cuts off a client that trickles its headers or its body, answering an envelope', async () => {
    const slow = await startGateway({ timeouts: { headersMs: 300, requestMs: 600 } });
    try {
      const headers = await rawExchange(slow.url, 'GET /?Action=ListApps&Version=2023-11-01 HTTP/1.1\r\nHost: x\r\n');
      assert.match(headers, /^HTTP\/1\.1 400/);
      assert.match(envelopeOf(headers).ResponseMetadata.Error!.Message, /did not arrive in time/);
      const body = await rawExchange(
        slow.url,
        'POST /?Action=ListApps&Version=2023-11-01 HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"a":',
      );
      assert.match(body, /^HTTP\/1\.1 400/);
      assert.match(envelopeOf(body).ResponseMetadata.Error!.Message, /did not arrive in time/);
    } finally {
      await slow.close();
    }
  });
});
