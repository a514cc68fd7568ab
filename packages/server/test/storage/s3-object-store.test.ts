// The S3 object store against a real S3-compatible server (s3rver): objects read back byte for byte, the source file
// gone once stored and kept when refused, and every refusal (missing bucket, unknown key, server down, no answer)
// an error that says why within its deadline, without the secret.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { S3ObjectStore } from '../../src/storage/s3-object-store.js';
import { S3_ACCESS_KEY, S3_SECRET_KEY, startS3Server, type S3TestServer } from './s3-test-server.js';

const SECRET = 'a-secret-that-must-never-be-said';

describe('S3ObjectStore', () => {
  let s3: S3TestServer;
  let dir: string;
  const file = (name: string, body: string | Buffer) => {
    const path = join(dir, name);
    writeFileSync(path, body);
    return path;
  };
  before(async () => {
    s3 = await startS3Server(['records']);
    dir = mkdtempSync(join(tmpdir(), 'rtc-s3-store-'));
  });
  after(async () => {
    await s3.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const store = (options: Partial<ConstructorParameters<typeof S3ObjectStore>[0]> = {}) =>
    new S3ObjectStore({
      endpoint: s3.endpoint,
      accessKeyId: S3_ACCESS_KEY,
      secretAccessKey: S3_SECRET_KEY,
      ...options,
    });

  it('uploads a file under its bucket and key, and removes the source', async () => {
    const body = Buffer.alloc(3 * 1024 * 1024 + 17, 7);
    const source = file('big.bin', body);
    const result = await store().put({ bucket: 'records', key: 'a/b/big.bin' }, source);
    assert.equal(result.size, body.length);
    assert.ok((await s3.get('records', 'a/b/big.bin')).equals(body));
    assert.equal(existsSync(source), false);
  });

  it('checks a bucket: an existing one passes, a missing one is NoSuchBucket', async () => {
    await store().checkBucket('records');
    await assert.rejects(store().checkBucket('no-such-bucket'), /refused: NoSuchBucket \(HTTP 404\)/);
  });

  it('reads an object back: its size, then any range of its bytes; a missing one has no size', async () => {
    const body = Buffer.from(Array.from({ length: 5000 }, (_, i) => i % 251));
    await store().put({ bucket: 'records', key: 'r/range.bin' }, file('range.bin', body));
    assert.equal(await store().sizeOf({ bucket: 'records', key: 'r/range.bin' }), body.length);
    assert.equal(await store().sizeOf({ bucket: 'records', key: 'r/none.bin' }), undefined);
    for (const [start, end] of [
      [0, 4999],
      [100, 199],
      [4990, 4999],
    ] as const) {
      const chunks: Buffer[] = [];
      for await (const chunk of await store().read({ bucket: 'records', key: 'r/range.bin' }, start, end)) {
        chunks.push(chunk as Buffer);
      }
      assert.ok(Buffer.concat(chunks).equals(body.subarray(start, end + 1)), `bytes ${start}-${end}`);
    }
    await assert.rejects(store().sizeOf({ bucket: 'records', key: '../x' }), /object key/);
  });

  it('says why a read fails when the server is gone, without the secret', async () => {
    const down = await startS3Server([]);
    await down.close();
    const reading = store({ endpoint: down.endpoint, secretAccessKey: SECRET });
    await assert.rejects(reading.sizeOf({ bucket: 'records', key: 'k' }), (error: Error) => {
      assert.match(error.message, /cannot be reached/);
      return !error.message.includes(SECRET);
    });
    await assert.rejects(reading.read({ bucket: 'records', key: 'k' }, 0, 1), /cannot be reached/);
  });

  it('refuses an upload into a missing bucket and keeps the source', async () => {
    const source = file('kept.bin', 'kept');
    await assert.rejects(store().put({ bucket: 'missing', key: 'k' }, source), /refused: NoSuchBucket/);
    assert.ok(existsSync(source));
  });

  it('refuses an unknown access key without saying the secret', async () => {
    const source = file('denied.bin', 'denied');
    const bad = store({ accessKeyId: 'WRONG', secretAccessKey: SECRET });
    await assert.rejects(bad.put({ bucket: 'records', key: 'k' }, source), (error: Error) => {
      assert.match(error.message, /refused: InvalidAccessKeyId \(HTTP 403\)/);
      assert.ok(!error.message.includes(SECRET));
      return true;
    });
    assert.ok(existsSync(source));
  });

  it('says a server that is down cannot be reached', async () => {
    const down = await startS3Server([]);
    const endpoint = down.endpoint;
    await down.close();
    const source = file('down.bin', 'down');
    const started = Date.now();
    await assert.rejects(
      store({ endpoint }).put({ bucket: 'records', key: 'k' }, source),
      /cannot be reached \(ECONNREFUSED\)/,
    );
    assert.ok(Date.now() - started < 10_000);
    assert.ok(existsSync(source));
  });

  it('gives up on a server that never answers, at its deadline', async () => {
    const silent: Server = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const endpoint = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
      const started = Date.now();
      await assert.rejects(store({ endpoint, timeoutMs: 400 }).checkBucket('records'), /no answer within 400 ms/);
      assert.ok(Date.now() - started < 3000, `${Date.now() - started} ms`);
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });

  it('refuses an endpoint that is not an http(s) URL or carries credentials', () => {
    assert.throws(() => store({ endpoint: 'ftp://host' }), /http:\/\/ or https:\/\//);
    assert.throws(
      () => store({ endpoint: `http://u:${SECRET}@host` }),
      (error: Error) => !error.message.includes(SECRET),
    );
  });
});
