// Document transcoding through the whole server, signed: a PDF served over real HTTP is rendered page by page into
// images in the object store; other formats, unreachable documents and bad input get their documented answers.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadImage, createCanvas } from '@napi-rs/canvas';
import { RtcApiError } from '@rtc-openapi/client';
import { startDevSession, type DevSession } from '../e2e/e2e-server.js';
import { makePdf } from './make-pdf.js';

const ADMIN_TOKEN = 'transcode-admin-token';
const RED: [number, number, number] = [1, 0, 0];
const BLUE: [number, number, number] = [0, 0, 1];

/** Width and height from a PNG's IHDR. */
const pngSize = (png: Buffer) => ({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) });

async function pixel(file: string, x: number, y: number): Promise<number[]> {
  const image = await loadImage(readFileSync(file));
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  return [...ctx.getImageData(x, y, 1, 1).data];
}

describe('whiteboard document transcoding, signed end to end', () => {
  let s: DevSession;
  let docs: Server;
  let base = '';

  before(async () => {
    docs = createServer((req, res) => {
      if (req.url === '/slides.pdf') {
        res.setHeader('content-type', 'application/pdf');
        res.end(makePdf([RED, BLUE, RED]));
      } else if (req.url === '/not-a-pdf') {
        res.end('<html>hello</html>');
      } else {
        res.statusCode = 404;
        res.end();
      }
    });
    await new Promise<void>((resolve) => docs.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(docs.address() as AddressInfo).port}`;
    s = await startDevSession({ logLevel: 'silent', adminToken: ADMIN_TOKEN });
  });
  after(async () => {
    await s?.stop();
    await new Promise<void>((resolve) => docs?.close(() => resolve()));
  });

  const call = (action: string, params: Record<string, unknown>, version = '2023-11-01') =>
    (s.client.call as (a: string, p: unknown, o: unknown) => Promise<unknown>)(action, params, { version });

  async function settled(taskId: string): Promise<{ Status: number; Progress: number; ErrCode: string }> {
    for (let i = 0; i < 200; i++) {
      const q = (await call('WbTranscodeQuery', { AppId: s.dev.appId, TaskId: taskId })) as {
        Status: number;
        Progress: number;
        ErrCode: string;
      };
      if (q.Status === 2 || q.Status === 3) return q;
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.fail('the transcode did not finish');
  }

  it('renders every page of a PDF into images and thumbnails in the object store', async () => {
    const created = (await call('WbTranscodeCreate', {
      AppId: s.dev.appId,
      Operator: 'teacher',
      Priority: 0,
      Resource: `${base}/slides.pdf`,
      TranscodeMode: 0,
      StorageConfig: { TosConfig: { AccountId: '2100000001', Bucket: 'lessons', Region: 0 } },
      TranscodeConfig: {
        ForceUseResolution: false,
        InputFormat: 0,
        OutputFormat: 0,
        OutputWidth: 800,
        OutputHeight: 800,
        Thumbnail: true,
        ThumbnailWidth: 200,
        ThumbnailHeight: 200,
      },
    })) as { TaskId: string };
    assert.match(created.TaskId, /^[0-9a-f]{32}$/);
    const done = await settled(created.TaskId);
    assert.deepEqual([done.Status, done.Progress, done.ErrCode], [2, 100, '']);
    const got = (await call('WbTranscodeGet', { AppId: s.dev.appId, TaskId: created.TaskId })) as {
      FileName: string;
      Width: number;
      Height: number;
      Images: { PageId: number; ImgUrl: string; ThumbnailUrl: string }[];
    };
    assert.equal(got.FileName, 'slides.pdf');
    // 400 x 300 points fitted into 800 x 800: 800 x 600.
    assert.deepEqual([got.Width, got.Height], [800, 600]);
    assert.deepEqual(
      got.Images.map((i) => i.PageId),
      [1, 2, 3],
    );
    const fileOf = (url: string) => join(s.running.dataDir, 'storage', url.replace(/^tos:\/\//, ''));
    for (const [i, image] of got.Images.entries()) {
      assert.match(image.ImgUrl, new RegExp(`^tos://lessons/wb/${s.dev.appId}/${created.TaskId}/page-${i + 1}\\.png$`));
      const file = fileOf(image.ImgUrl);
      assert.ok(existsSync(file), file);
      assert.deepEqual(pngSize(readFileSync(file)), { width: 800, height: 600 });
      assert.deepEqual(pngSize(readFileSync(fileOf(image.ThumbnailUrl))), { width: 200, height: 150 });
      // The lower-left quarter holds the page's colour, the rest is white.
      const colour = await pixel(file, 100, 500);
      assert.deepEqual(colour, i === 1 ? [0, 0, 255, 255] : [255, 0, 0, 255]);
      assert.deepEqual(await pixel(file, 700, 100), [255, 255, 255, 255]);
    }

    // The console serves the pages from the local store.
    const origin = s.running.url;
    const login = await fetch(`${origin}/console/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: ADMIN_TOKEN }).toString(),
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const key = got.Images[0]!.ImgUrl.replace(/^tos:\/\//, '');
    const served = await fetch(`${origin}/console/api/files/${key}`, {
      headers: { cookie, 'sec-fetch-site': 'same-origin' },
    });
    assert.equal(served.status, 200);
    assert.equal(served.headers.get('content-type'), 'image/png');
    assert.deepEqual(Buffer.from(await served.arrayBuffer()), readFileSync(fileOf(got.Images[0]!.ImgUrl)));
  });

  it('the 2020-12-01 version speaks snake_case and stretches with force_use_resolution', async () => {
    const created = (await call(
      'WbTranscodeCreate',
      {
        app_id: s.dev.appId,
        operator: 'teacher',
        resource: `${base}/slides.pdf`,
        transcode_config: {
          input_format: 0,
          output_format: 1,
          output_width: 320,
          output_height: 320,
          force_use_resolution: true,
        },
      },
      '2020-12-01',
    )) as { task_id: string };
    let q: { status: number; progress: number; err_code: number } = { status: 0, progress: 0, err_code: 0 };
    for (let i = 0; i < 200 && q.status < 2; i++) {
      await new Promise((r) => setTimeout(r, 50));
      q = (await call('WbTranscodeQuery', { app_id: s.dev.appId, task_id: created.task_id }, '2020-12-01')) as typeof q;
    }
    assert.deepEqual(q, { status: 2, progress: 100, err_code: 0, err_msg: '' });
    const got = (await call('WbTranscodeGet', { app_id: s.dev.appId, task_id: created.task_id }, '2020-12-01')) as {
      width: number;
      height: number;
      images: { img: string }[];
    };
    assert.deepEqual([got.width, got.height, got.images.length], [320, 320, 3]);
    assert.match(got.images[0]!.img, /^tos:\/\/whiteboard\/.*page-1\.jpg$/);
  });

  it('a document that is not a PDF, or cannot be downloaded, fails with its ErrCode', async () => {
    const start = async (path: string) =>
      (
        (await call('WbTranscodeCreate', {
          AppId: s.dev.appId,
          Operator: 'o',
          Priority: 0,
          Resource: `${base}${path}`,
          TranscodeMode: 0,
        })) as { TaskId: string }
      ).TaskId;
    const notPdf = await settled(await start('/not-a-pdf'));
    assert.deepEqual([notPdf.Status, notPdf.ErrCode], [3, 'UnsupportedFormat']);
    const missing = await settled(await start('/missing'));
    assert.deepEqual([missing.Status, missing.ErrCode], [3, 'DownloadFailed']);
    const got = (await call('WbTranscodeGet', { AppId: s.dev.appId, TaskId: await start('/missing') })) as {
      Images: unknown[];
    };
    assert.deepEqual(got.Images, []);
  });

  it('refuses bad input, naming the field', async () => {
    const base2023 = {
      AppId: s.dev.appId,
      Operator: 'o',
      Priority: 0,
      Resource: `${base}/slides.pdf`,
      TranscodeMode: 0,
    };
    const refused = (
      params: Record<string, unknown>,
      field: string,
      action = 'WbTranscodeCreate',
      version = '2023-11-01',
    ) =>
      assert.rejects(
        call(action, params, version),
        (e: unknown) => e instanceof RtcApiError && e.code.startsWith('InvalidParameter') && e.message.includes(field),
      );
    await refused({ ...base2023, Resource: `${base}/deck.pptx` }, 'Resource');
    await refused({ ...base2023, Resource: 'ftp://example/doc.pdf' }, 'Resource');
    await refused({ ...base2023, TranscodeMode: 2 }, 'TranscodeMode');
    await refused(
      { ...base2023, StorageConfig: { TosConfig: { AccountId: '1', Bucket: 'Bad_Bucket', Region: 0 } } },
      'StorageConfig.TosConfig.Bucket',
    );
    await refused(
      {
        ...base2023,
        TranscodeConfig: {
          ForceUseResolution: false,
          InputFormat: 0,
          OutputFormat: 0,
          OutputWidth: 99999,
          OutputHeight: 10,
          Thumbnail: false,
          ThumbnailWidth: 0,
          ThumbnailHeight: 0,
        },
      },
      'TranscodeConfig.OutputWidth',
    );
    await refused({ AppId: s.dev.appId, TaskId: 'nope' }, 'TaskId', 'WbTranscodeQuery');
    await refused({ app_id: s.dev.appId, task_id: 'nope' }, 'task_id', 'WbTranscodeGet', '2020-12-01');
    await refused({ app_id: 'ffffffffffffffffffffffff', task_id: 'x' }, 'app_id', 'WbTranscodeQuery', '2020-12-01');
  });
});
