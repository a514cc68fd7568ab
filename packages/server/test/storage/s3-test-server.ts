// A real S3-compatible server for tests: s3rver (npm) on 127.0.0.1, port 0, in a temporary folder, and an AWS SDK
// client of it that reads objects back.
import { mkdtempSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import S3rver from 's3rver';

/** s3rver's one account: it checks the access key id (an unknown one is InvalidAccessKeyId, 403). */
export const S3_ACCESS_KEY = 'S3RVER';
export const S3_SECRET_KEY = 'S3RVER';

export interface S3TestServer {
  endpoint: string;
  port: number;
  client: S3Client;
  /** The object's bytes. */
  get(bucket: string, key: string): Promise<Buffer>;
  /** Writes the object to a temporary file (for ffprobe) and returns its path. */
  download(bucket: string, key: string): Promise<string>;
  keys(bucket: string): Promise<string[]>;
  createBucket(bucket: string): Promise<void>;
  deleteBucket(bucket: string): Promise<void>;
  /** Stops listening; `keepData` keeps its folder for a server started again on it. */
  close(options?: { keepData?: boolean }): Promise<void>;
  directory: string;
}

export async function startS3Server(
  buckets: readonly string[],
  options: { directory?: string; port?: number } = {},
): Promise<S3TestServer> {
  const directory = options.directory ?? mkdtempSync(join(tmpdir(), 'rtc-s3-'));
  const downloads = mkdtempSync(join(tmpdir(), 'rtc-s3-get-'));
  const server = new S3rver({
    port: options.port ?? 0,
    address: '127.0.0.1',
    silent: true,
    directory,
    configureBuckets: buckets.map((name) => ({ name })),
  });
  const { port } = (await server.run()) as { port: number };
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: S3_ACCESS_KEY, secretAccessKey: S3_SECRET_KEY },
  });
  const get = async (bucket: string, key: string): Promise<Buffer> => {
    const answer = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return Buffer.from(await answer.Body!.transformToByteArray());
  };
  let n = 0;
  return {
    endpoint,
    port,
    client,
    directory,
    get,
    async download(bucket, key) {
      const path = join(downloads, `${n++}-${key.split('/').pop()!}`);
      await writeFile(path, await get(bucket, key));
      return path;
    },
    async keys(bucket) {
      const answer = await client.send(new ListObjectsV2Command({ Bucket: bucket }));
      return (answer.Contents ?? []).map((c) => c.Key!).sort();
    },
    async createBucket(bucket) {
      await client.send(new CreateBucketCommand({ Bucket: bucket }));
    },
    async deleteBucket(bucket) {
      await client.send(new DeleteBucketCommand({ Bucket: bucket }));
    },
    async close({ keepData = false } = {}) {
      client.destroy();
      await server.close();
      rmSync(downloads, { recursive: true, force: true });
      if (!keepData) rmSync(directory, { recursive: true, force: true });
    },
  };
}
