import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fetchFailure, type OutboundFetch } from '../net/guarded-fetch.js';
import { readCapped } from '../net/read-capped.js';
import { withOutboundTimeout } from '../net/outbound-timeout.js';
import type { ObjectStore } from '../storage/object-store.js';
import { looksLikePdf, renderPdfPages } from './pdf-pages.js';
import type { TranscodeErrorCode, TranscodePage, TranscodeRequest } from './transcode-model.js';
import type { TranscodeStore } from './transcode-store.js';

export interface TranscodeJobsOptions {
  store: TranscodeStore;
  objects: ObjectStore;
  now: () => number;
  /** How documents are downloaded (the operator's fetch policy, net/guarded-fetch.ts). */
  fetch: OutboundFetch;
  /** Time allowed to download a document (default 30 s). */
  downloadTimeoutMs?: number;
  /** The largest document accepted (default 50 MiB). */
  maxDocumentBytes?: number;
  onError?: (error: unknown) => void;
}

class TranscodeFailure extends Error {
  constructor(
    readonly code: TranscodeErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Runs document transcodes one at a time, in the order created: download the document (with a timeout and a size
 * cap), check it is a PDF, render its pages (pdf-pages.ts), put each image and thumbnail into the object store (the
 * tasks' one: the data directory, or the `--storage-endpoint` server), and record progress per page. A failure at
 * any step ends the transcode with its ErrCode. Transcodes a previous run left unfinished end with ServerRestart
 * when this starts.
 */
export class TranscodeJobs {
  readonly #o: TranscodeJobsOptions;
  #chain: Promise<void> = Promise.resolve();
  readonly #stop = new AbortController();

  constructor(options: TranscodeJobsOptions) {
    this.#o = options;
    const left = options.store.unfinished();
    void Promise.resolve(left).then((list) => {
      for (const t of list) {
        void options.store.failed(
          t.appId,
          t.taskId,
          'ServerRestart',
          'the server stopped during the transcode',
          options.now(),
        );
      }
    });
  }

  /** Records the transcode and queues it; answers its TaskId at once. */
  async create(appId: string, request: TranscodeRequest): Promise<string> {
    const taskId = randomBytes(16).toString('hex');
    await this.#o.store.insert(appId, taskId, request, this.#o.now());
    this.#chain = this.#chain.then(() => this.#run(appId, taskId, request)).catch((e: unknown) => this.#o.onError?.(e));
    return taskId;
  }

  /** Stops the running transcode (it fails with ServerRestart) and waits for the queue to settle. */
  async close(): Promise<void> {
    this.#stop.abort(new TranscodeFailure('ServerRestart', 'the server stopped during the transcode'));
    await this.#chain;
  }

  async #run(appId: string, taskId: string, request: TranscodeRequest): Promise<void> {
    const { store, now } = this.#o;
    let dir: string | undefined;
    try {
      if (this.#stop.signal.aborted) throw this.#stop.signal.reason;
      await store.progress(appId, taskId, 0, now());
      const data = await this.#download(request.resource);
      if (!looksLikePdf(data)) {
        throw new TranscodeFailure('UnsupportedFormat', 'the document is not a PDF: only PDF documents are transcoded');
      }
      dir = await mkdtemp(join(tmpdir(), 'rtc-wb-'));
      const ext = request.outputFormat === 1 ? 'jpg' : 'png';
      const pages: TranscodePage[] = [];
      let size = { width: 0, height: 0 };
      await renderPdfPages(
        data,
        {
          width: request.width,
          height: request.height,
          force: request.force,
          jpeg: ext === 'jpg',
          thumbnail: request.thumbnail,
        },
        async (index, count, page) => {
          if (this.#stop.signal.aborted) throw this.#stop.signal.reason;
          if (index === 0) size = { width: page.width, height: page.height };
          const key = `wb/${appId}/${taskId}/page-${index + 1}.${ext}`;
          const thumbnailKey = page.thumbnail ? `wb/${appId}/${taskId}/thumbnail-${index + 1}.${ext}` : '';
          await this.#put(dir!, request.bucket, key, page.image);
          if (page.thumbnail) await this.#put(dir!, request.bucket, thumbnailKey, page.thumbnail);
          pages.push({ key, thumbnailKey });
          await store.progress(appId, taskId, Math.floor(((index + 1) * 99) / count), now());
        },
      ).catch((error: unknown) => {
        if (error instanceof TranscodeFailure) throw error;
        throw new TranscodeFailure('ConvertFailed', `the PDF cannot be converted: ${(error as Error).message}`);
      });
      await store.done(appId, taskId, { ...size, pages }, now());
    } catch (error) {
      const f =
        error instanceof TranscodeFailure ? error : new TranscodeFailure('ConvertFailed', (error as Error).message);
      await store.failed(appId, taskId, f.code, f.message.slice(0, 512), now());
    } finally {
      if (dir) await rm(dir, { recursive: true, force: true });
    }
  }

  async #download(url: string): Promise<Buffer> {
    const timeoutMs = this.#o.downloadTimeoutMs ?? 30_000;
    try {
      return await withOutboundTimeout(
        timeoutMs,
        async (signal) => {
          const res = await this.#o.fetch(url, { signal, redirect: 'follow' });
          if (!res.ok) throw new Error(`the document's server answered HTTP ${res.status}`);
          return readCapped(res.body, this.#o.maxDocumentBytes ?? 50 * 1024 * 1024);
        },
        this.#stop.signal,
      );
    } catch (error) {
      if (error instanceof TranscodeFailure) throw error;
      throw new TranscodeFailure('DownloadFailed', `the document cannot be downloaded: ${fetchFailure(error)}`);
    }
  }

  async #put(dir: string, bucket: string, key: string, bytes: Buffer): Promise<void> {
    const file = join(dir, randomBytes(8).toString('hex'));
    await writeFile(file, bytes);
    try {
      await this.#o.objects.put({ bucket, key }, file, this.#stop.signal);
    } catch (error) {
      if (this.#stop.signal.aborted) throw this.#stop.signal.reason;
      throw new TranscodeFailure('StorageFailed', `storing ${key} failed: ${(error as Error).message}`);
    }
  }
}
