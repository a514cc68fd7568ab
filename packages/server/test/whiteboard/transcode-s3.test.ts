// Document transcoding with `--storage-endpoint`: the pages go to the S3-compatible server (s3rver, started here)
// where every task stores its files, not into the data directory; a bucket the server lacks fails the transcode
// with StorageFailed, saying what the server answered.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startDevSession, type DevSession } from '../e2e/e2e-server.js';
import { S3_ACCESS_KEY, startS3Server, type S3TestServer } from '../storage/s3-test-server.js';
import { makePdf } from './make-pdf.js';

/** Width and height from a PNG's IHDR. */
const pngSize = (png: Buffer) => ({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) });
const SECRET = 'transcode-s3-secret';

describe('whiteboard transcoding into an S3-compatible server', () => {
  let s3: S3TestServer;
  let s: DevSession;
  let docs: Server;
  let base = '';

  before(async () => {
    docs = createServer((_req, res) => {
      res.setHeader('content-type', 'application/pdf');
      res.end(
        makePdf([
          [1, 0, 0],
          [0, 0, 1],
        ]),
      );
    });
    await new Promise<void>((resolve) => docs.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(docs.address() as AddressInfo).port}`;
    s3 = await startS3Server(['lessons']);
    s = await startDevSession({
      logLevel: 'silent',
      taskStorage: { s3: { endpoint: s3.endpoint, accessKeyId: S3_ACCESS_KEY, secretAccessKey: SECRET } },
    });
  });
  after(async () => {
    await s?.stop();
    await s3?.close();
    await new Promise<void>((resolve) => docs?.close(() => resolve()));
  });

  const call = (action: string, params: Record<string, unknown>) =>
    (s.client.call as (a: string, p: unknown, o: unknown) => Promise<unknown>)(action, params, {
      version: '2023-11-01',
    });

  async function transcode(
    bucket: string,
  ): Promise<{ TaskId: string; Status: number; ErrCode: string; ErrMsg: string }> {
    const { TaskId } = (await call('WbTranscodeCreate', {
      AppId: s.dev.appId,
      Operator: 'teacher',
      Priority: 0,
      Resource: `${base}/slides.pdf`,
      TranscodeMode: 0,
      StorageConfig: { TosConfig: { AccountId: '2100000001', Bucket: bucket, Region: 0 } },
      TranscodeConfig: {
        ForceUseResolution: false,
        InputFormat: 0,
        OutputFormat: 0,
        OutputWidth: 400,
        OutputHeight: 400,
        Thumbnail: true,
        ThumbnailWidth: 320,
        ThumbnailHeight: 180,
      },
    })) as { TaskId: string };
    for (let i = 0; i < 200; i++) {
      const q = (await call('WbTranscodeQuery', { AppId: s.dev.appId, TaskId })) as {
        Status: number;
        ErrCode: string;
        ErrMsg: string;
      };
      if (q.Status === 2 || q.Status === 3) return { TaskId, ...q };
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.fail('the transcode did not finish');
  }

  it('stores the pages and thumbnails on the storage server, none in the data directory', async () => {
    const done = await transcode('lessons');
    assert.deepEqual([done.Status, done.ErrCode], [2, '']);
    const prefix = `wb/${s.dev.appId}/${done.TaskId}`;
    assert.deepEqual(await s3.keys('lessons'), [
      `${prefix}/page-1.png`,
      `${prefix}/page-2.png`,
      `${prefix}/thumbnail-1.png`,
      `${prefix}/thumbnail-2.png`,
    ]);
    // 400 x 300 points fitted into 400 x 400; thumbnails into 320 x 180.
    assert.deepEqual(pngSize(await s3.get('lessons', `${prefix}/page-2.png`)), { width: 400, height: 300 });
    assert.deepEqual(pngSize(await s3.get('lessons', `${prefix}/thumbnail-1.png`)), { width: 240, height: 180 });
    const got = (await call('WbTranscodeGet', { AppId: s.dev.appId, TaskId: done.TaskId })) as {
      Images: { ImgUrl: string }[];
    };
    assert.deepEqual(
      got.Images.map((i) => i.ImgUrl),
      [`tos://lessons/${prefix}/page-1.png`, `tos://lessons/${prefix}/page-2.png`],
    );
    assert.equal(existsSync(join(s.running.dataDir, 'storage', 'lessons')), false, 'nothing stored locally');
  });

  it('fails with StorageFailed naming the server’s answer when the bucket is missing there', async () => {
    const failed = await transcode('no-such-bucket');
    assert.deepEqual([failed.Status, failed.ErrCode], [3, 'StorageFailed']);
    assert.match(failed.ErrMsg, /NoSuchBucket/);
    assert.doesNotMatch(failed.ErrMsg, new RegExp(SECRET));
    assert.equal(existsSync(join(s.running.dataDir, 'storage', 'no-such-bucket')), false);
  });
});
