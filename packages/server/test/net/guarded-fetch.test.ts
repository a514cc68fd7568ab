// The guarded fetch over real HTTP: every connection a request opens is checked (redirects too, names as resolved
// for that connection, addresses in the URL as written), and a refusal says why.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { FetchPolicy } from '../../src/net/fetch-policy.js';
import { destinationCheck, fetchFailure, FetchRefusedError, guardedFetch } from '../../src/net/guarded-fetch.js';

describe('guarded fetch', () => {
  let server: Server;
  let port = 0;
  const hits: string[] = [];
  before(async () => {
    server = createServer((req, res) => {
      hits.push(req.url ?? '');
      if (req.url === '/to-literal') res.writeHead(302, { location: `http://127.0.0.1:${port}/ok` }).end();
      else res.end(`hello ${req.url}`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const outcome = async (allow: string, url: string) => {
    try {
      const response = await guardedFetch(FetchPolicy.parse(allow))(url);
      return `${response.status} ${await response.text()}`;
    } catch (error) {
      return `refused: ${fetchFailure(error)}`;
    }
  };

  it('reaches loopback by default, by address and by name', async () => {
    assert.equal(await outcome('loopback', `http://127.0.0.1:${port}/a`), '200 hello /a');
    assert.equal(await outcome('loopback', `http://localhost:${port}/b`), '200 hello /b');
  });

  it('refuses before any byte is sent, saying why', async () => {
    const before = hits.length;
    assert.match(await outcome('none', `http://127.0.0.1:${port}/x`), /^refused: 127\.0\.0\.1 is a loopback address/);
    assert.match(
      await outcome('none', `http://localhost:${port}/y`),
      /^refused: localhost \(127\.0\.0\.1\) is a loopback/,
    );
    assert.match(
      await outcome('none', `http://[::ffff:127.0.0.1]:${port}/z`),
      /^refused: ::ffff:7f00:1 \(127\.0\.0\.1\) is a loopback/,
    );
    assert.equal(hits.length, before);
  });

  it('checks every hop: an allowed name redirecting to a refused address is refused there', async () => {
    const before = hits.length;
    assert.match(
      await outcome('localhost', `http://localhost:${port}/to-literal`),
      /^refused: 127\.0\.0\.1 is a loopback address/,
    );
    // The first hop was made (the allowed name), the second was not.
    assert.deepEqual(hits.slice(before), ['/to-literal']);
    assert.equal(await outcome('localhost,127.0.0.1', `http://localhost:${port}/to-literal`), '200 hello /ok');
  });

  it('checks URLs another program opens (relay sources, pushes) by their host', async () => {
    const none = destinationCheck(FetchPolicy.parse('none'));
    await assert.rejects(none('rtmp://127.0.0.1:1935/live/key'), FetchRefusedError);
    await assert.rejects(none('http://localhost/stream.flv'), /localhost \(127\.0\.0\.1\) is a loopback/);
    await destinationCheck(FetchPolicy.parse('loopback'))('rtmp://localhost/live/key');
    await destinationCheck(FetchPolicy.parse('*'))('rtmp://10.0.0.1/live/key');
    // A name that does not resolve is left to the program, which cannot reach it either.
    await none('rtmp://no-such-host.invalid/live/key');
  });
});
