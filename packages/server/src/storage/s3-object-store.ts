import { createReadStream } from 'node:fs';
import { stat, unlink } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import {
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { OutboundTimeoutError, withOutboundTimeout } from '../net/outbound-timeout.js';
import { bucketProblem, keyProblem, type ObjectLocation, type ObjectStore } from './object-store.js';

/** An S3-compatible server every object goes to (`serve --storage-endpoint`). */
export interface S3StorageOptions {
  /** `http(s)://host:port` of the server. */
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Signing region, default `us-east-1`. */
  region?: string;
  /** The bucket VOD uploads go to (`<Space>/<Vid>/<name>` inside it), default `vod`. */
  vodBucket?: string;
  /** Deadline of one request (a bucket check, or an upload's first MiB), default 30 s; uploads get 1 s per MiB more. */
  timeoutMs?: number;
}

const MiB = 1024 * 1024;
const quiet = (): void => undefined;
const SILENT = { debug: quiet, info: quiet, warn: quiet, error: quiet, trace: quiet };

/**
 * Objects on an S3-compatible server through the AWS SDK's S3 client (path-style addressing, as MinIO and local
 * servers want it). Every request runs under a deadline; an error says what the server answered (its error code and
 * HTTP status) or that it could not be reached, never the credentials.
 */
export class S3ObjectStore implements ObjectStore {
  readonly endpoint: string;
  readonly #client: S3Client;
  readonly #timeoutMs: number;

  constructor(options: S3StorageOptions) {
    this.endpoint = checkEndpoint(options.endpoint);
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#client = new S3Client({
      endpoint: this.endpoint,
      region: options.region || 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
      // Plain PUTs with a Content-Length: S3-compatible servers do not all take the chunked, checksummed upload.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      maxAttempts: 2,
      // The SDK would print some failures on the console; they are told through the task instead.
      logger: SILENT,
      requestHandler: { connectionTimeout: Math.min(5_000, this.#timeoutMs), requestTimeout: this.#timeoutMs },
    });
  }

  async put(location: ObjectLocation, source: string, signal?: AbortSignal): Promise<{ size: number }> {
    const problem = bucketProblem(location.bucket) ?? keyProblem(location.key);
    if (problem) throw new Error(problem);
    const { size } = await stat(source);
    await this.#send(
      this.#timeoutMs + Math.ceil(size / MiB) * 1000,
      (abortSignal) =>
        this.#client.send(
          new PutObjectCommand({
            Bucket: location.bucket,
            Key: location.key,
            Body: createReadStream(source),
            ContentLength: size,
          }),
          { abortSignal },
        ),
      signal,
    );
    await unlink(source);
    return { size };
  }

  async checkBucket(bucket: string): Promise<void> {
    const problem = bucketProblem(bucket);
    if (problem) throw new Error(problem);
    await this.#send(this.#timeoutMs, (abortSignal) =>
      this.#client.send(new HeadBucketCommand({ Bucket: bucket }), { abortSignal }),
    );
  }

  async sizeOf(location: ObjectLocation): Promise<number | undefined> {
    const problem = bucketProblem(location.bucket) ?? keyProblem(location.key);
    if (problem) throw new Error(problem);
    try {
      const head = await withOutboundTimeout(this.#timeoutMs, (abortSignal) =>
        this.#client.send(new HeadObjectCommand({ Bucket: location.bucket, Key: location.key }), { abortSignal }),
      );
      return head.ContentLength ?? 0;
    } catch (error) {
      if (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404) return undefined;
      throw new Error(describeFailure(error, this.endpoint));
    }
  }

  /**
   * A ranged GET. The deadline covers the answer's head only (withOutboundTimeout would end the body with the call):
   * the body then streams for as long as its reader takes, and destroying it ends the request.
   */
  async read(location: ObjectLocation, start: number, end: number): Promise<Readable> {
    const problem = bucketProblem(location.bucket) ?? keyProblem(location.key);
    if (problem) throw new Error(problem);
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(new OutboundTimeoutError(this.#timeoutMs)), this.#timeoutMs);
    try {
      const answer = await this.#client.send(
        new GetObjectCommand({ Bucket: location.bucket, Key: location.key, Range: `bytes=${start}-${end}` }),
        { abortSignal: abort.signal },
      );
      return answer.Body as Readable;
    } catch (error) {
      const reason: unknown = abort.signal.aborted ? abort.signal.reason : error;
      throw new Error(describeFailure(reason, this.endpoint));
    } finally {
      clearTimeout(timer);
    }
  }

  close(): void {
    this.#client.destroy();
  }

  async #send(timeoutMs: number, call: (signal: AbortSignal) => Promise<unknown>, stop?: AbortSignal): Promise<void> {
    try {
      await withOutboundTimeout(timeoutMs, call, stop);
    } catch (error) {
      if (stop?.aborted) throw error;
      throw new Error(describeFailure(error, this.endpoint));
    }
  }
}

/** What went wrong, for a task's ErrorMessage and the log: the server's error code and status, or why no answer. */
function describeFailure(error: unknown, endpoint: string): string {
  if (error instanceof OutboundTimeoutError)
    return `the storage server ${endpoint} gave no answer within ${error.timeoutMs} ms`;
  if (error instanceof S3ServiceException) {
    const status = error.$metadata.httpStatusCode;
    // HEAD answers have no body: name the usual statuses.
    const name = error.name === 'NotFound' ? 'NoSuchBucket' : error.name === 'Forbidden' ? 'AccessDenied' : error.name;
    return `the storage server ${endpoint} refused: ${name}${status ? ` (HTTP ${status})` : ''}`;
  }
  const code = (error as { code?: string } | undefined)?.code;
  return `the storage server ${endpoint} cannot be reached${code ? ` (${code})` : ''}`;
}

/** An http(s) URL with a host and nothing after it but an optional path; no user info (credentials go elsewhere). */
function checkEndpoint(endpoint: string): string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new Error('the storage endpoint must be an http:// or https:// URL');
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username !== '' || url.password !== '') {
    throw new Error('the storage endpoint must be an http:// or https:// URL without credentials in it');
  }
  return url.origin + url.pathname.replace(/\/+$/, '');
}
