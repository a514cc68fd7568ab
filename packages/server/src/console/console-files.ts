import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname } from 'node:path';
import type { LocalObjectStore } from '../storage/local-object-store.js';
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
 * A task's file from the local object store (`<data dir>/storage/<bucket>/<key>`), with HTTP range requests so
 * that a `<video>` element can seek: one `bytes=` range answers 206 with Content-Range, an unsatisfiable one 416.
 * The bucket and key go through the store's own checks (no way out of the storage folder).
 */
export async function serveStoredFile(
  req: IncomingMessage,
  res: ServerResponse,
  store: LocalObjectStore,
  bucket: string,
  key: string,
): Promise<void> {
  req.resume();
  let path: string;
  try {
    path = store.pathOf({ bucket, key });
  } catch (error) {
    throw new RecordError('invalid', `key: ${(error as Error).message}`, 'key');
  }
  const size = await stat(path).then(
    (s) => (s.isFile() ? s.size : undefined),
    () => undefined,
  );
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
  headers['content-length'] = size === 0 ? 0 : end - start + 1;
  if (range) headers['content-range'] = `bytes ${start}-${end}/${size}`;
  res.writeHead(range ? 206 : 200, headers);
  if (req.method === 'HEAD' || size === 0) {
    res.end();
    return;
  }
  const stream = createReadStream(path, { start, end });
  stream.on('error', () => res.destroy());
  res.on('close', () => stream.destroy());
  stream.pipe(res);
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
