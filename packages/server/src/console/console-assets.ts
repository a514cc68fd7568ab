import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { CONSOLE_PAGE_HEADERS } from './page-headers.js';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

interface Asset {
  body: Buffer;
  gzip: Buffer | undefined;
  type: string;
  etag: string;
  /** Hashed file names under assets/ never change: cached for a year; index.html is revalidated each time. */
  immutable: boolean;
}

/**
 * The console's built files (packages/console builds them into the server package's `console-dist/`), read into
 * memory once with their gzip form, served with their content type, an ETag and caching headers.
 */
export class ConsoleAssets {
  readonly #dir: string | undefined;
  #files: Map<string, Asset> | undefined;

  constructor(dir?: string) {
    this.#dir = dir ?? findBuiltConsole();
  }

  /** Whether the console was built (`npm run build`); without it the console answers 503. */
  get available(): boolean {
    return this.#dir !== undefined && existsSync(join(this.#dir, 'index.html'));
  }

  /** Serves `file` (relative to the build, e.g. `index.html`, `assets/index-abc.js`); false when there is none. */
  serve(req: IncomingMessage, res: ServerResponse, file: string): boolean {
    const asset = this.#load().get(file);
    if (asset === undefined) return false;
    const headers: Record<string, string | number> = {
      ...CONSOLE_PAGE_HEADERS,
      'content-type': asset.type,
      etag: asset.etag,
      vary: 'accept-encoding',
      'cache-control': asset.immutable ? 'private, max-age=31536000, immutable' : 'private, no-cache',
    };
    if (req.headers['if-none-match'] === asset.etag) {
      res.writeHead(304, headers);
      res.end();
      return true;
    }
    const gzip = asset.gzip !== undefined && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    const body = gzip ? asset.gzip! : asset.body;
    if (gzip) headers['content-encoding'] = 'gzip';
    headers['content-length'] = body.length;
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
    return true;
  }

  #load(): Map<string, Asset> {
    if (this.#files !== undefined) return this.#files;
    const files = new Map<string, Asset>();
    if (this.available) {
      for (const path of walk(this.#dir!)) {
        const name = relative(this.#dir!, path).split(sep).join('/');
        const body = readFileSync(path);
        const type = CONTENT_TYPES[extname(name)] ?? 'application/octet-stream';
        const compressible = /^(text\/|application\/json|image\/svg)/.test(type);
        files.set(name, {
          body,
          gzip: compressible ? gzipSync(body) : undefined,
          type,
          etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
          immutable: name.startsWith('assets/'),
        });
      }
    }
    return (this.#files = files);
  }
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/** `console-dist/` of the server package, from src/console/ (tests, tsx) or from dist/ (the built package). */
function findBuiltConsole(): string | undefined {
  for (const up of ['../console-dist/', '../../console-dist/']) {
    const dir = fileURLToPath(new URL(up, import.meta.url));
    if (existsSync(join(dir, 'index.html'))) return dir;
  }
  return undefined;
}
