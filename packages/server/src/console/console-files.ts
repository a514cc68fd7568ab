import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname } from 'node:path';
import { sendJson } from '../admin/admin-http.js';
import { bucketProblem, keyProblem, type ObjectStore } from '../storage/object-store.js';
import { RecordError } from '../store/record-error.js';

const MEDIA_TYPES: Record<string, string> = {
  '.mp4': 'video/mp4',
  '.m4a': 'audio/mp4',
  '.webm': 'video/webm',
  '.ts': 'video/mp2t',
  '.m3u8': 'application/vnd.apple.mpegurl',
  '.mp3': 'audio/mpeg',
  '.aac': 'audio/aac',
  '.flv': 'video/x-flv',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.json': 'application/json',
};

/**
 * A task's file from the tasks' object store (the data directory's, or the S3-compatible server's with
 * `--storage-endpoint`), with HTTP range requests so that a `<video>` element can seek: one `bytes=` range answers
 * 206 with Content-Range, an unsatisfiable one 416. The bucket and key are checked as the stores check them (no way
 * out of the storage folder). Storage that cannot answer gets 502 StorageUnavailable, saying why.
 */
export async function serveStoredFile(
  req: IncomingMessage,
  res: ServerResponse,
  store: ObjectStore,
  bucket: string,
  key: string,
): Promise<void> {
  req.resume();
  const problem = bucketProblem(bucket) ?? keyProblem(key);
  if (problem) throw new RecordError('invalid', `key: ${problem}`, 'key');
  const location = { bucket, key };
  const size = await unlessStorageFails(res, () => store.sizeOf(location));
  if (size === null) return;
  if (size === undefined) throw new RecordError('not-found', `no stored file ${bucket}/${key}`, 'key');
  const headers: Record<string, string | number> = {
    'content-type': MEDIA_TYPES[extname(key).toLowerCase()] ?? 'application/octet-stream',
    'accept-ranges': 'bytes',
    'cache-control': 'private, no-cache',
    'x-content-type-options': 'nosniff',
  };
  const range = parseRange(req.headers.range, size);
  if (range === 'unsatisfiable') {
    res.writeHead(416, { ...headers, 'content-range': `bytes */${size}` });
    res.end();
    return;
  }
  const [start, end] = range ?? [0, size - 1];
  const status = range ? 206 : 200;
  if (range) headers['content-range'] = `bytes ${start}-${end}/${size}`;
  if (req.method === 'HEAD' || size === 0) {
    res.writeHead(status, { ...headers, 'content-length': size === 0 ? 0 : end - start + 1 });
    res.end();
    return;
  }
  const stream = await unlessStorageFails(res, () => store.read(location, start, end));
  if (stream === null) return;
  headers['content-length'] = end - start + 1;
  res.writeHead(status, headers);
  stream.on('error', () => res.destroy());
  res.on('close', () => stream.destroy());
  stream.pipe(res);
}

/** The store's answer; null once a storage failure was answered 502 (its message names no credential). */
async function unlessStorageFails<T>(res: ServerResponse, call: () => Promise<T>): Promise<T | null> {
  try {
    return await call();
  } catch (error) {
    sendJson(res, 502, { error: { code: 'StorageUnavailable', message: (error as Error).message } });
    return null;
  }
}

/** One `bytes=a-b`, `bytes=a-` or `bytes=-n` range; undefined (the whole file) for none or a form not handled. */
function parseRange(header: string | undefined, size: number): [number, number] | 'unsatisfiable' | undefined {
  const m = header === undefined ? null : /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  let start: number;
  let end: number;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) return 'unsatisfiable';
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start >= size || start > end) return 'unsatisfiable';
  return [start, end];
}
