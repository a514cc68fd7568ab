import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { RecordError } from '../store/record-error.js';
import { AdminOperations, type AdminChange, type AdminServices } from './admin-operations.js';
import { matchAdminRoute } from './admin-routes.js';

export interface AdminHttpOptions {
  services: AdminServices;
  /** The bearer token; undefined disables the admin API (every request answers 403). */
  token: string | undefined;
  /** Told when a key or a rate limit changed, so the gateway can drop what it cached. */
  onChange?: (change: AdminChange) => void;
  bodyLimitBytes?: number;
  /** Told about unexpected failures (answered 500 without details). */
  onError?: (error: unknown) => void;
}

interface AdminErrorBody {
  code: string;
  message: string;
  field?: string;
}

class AdminHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: AdminErrorBody,
  ) {
    super(body.message);
  }
}

const PREFIX = '/admin';

/** A random token for an admin API started without one (printed once by `serve`). */
export function generateAdminToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Answers one admin operation for a caller already authorised: `path` is below `/admin` (e.g. `/apps`). */
export type AdminDispatch = (req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams) => void;

/**
 * The admin routes without the bearer-token check: the admin HTTP API puts its check in front, the web console
 * (console/) its session. Errors answer `{ "error": { "code", "message", "field"? } }`.
 */
export function createAdminDispatcher(options: Omit<AdminHttpOptions, 'token'>): AdminDispatch {
  const ops = new AdminOperations(options.services, options.onChange);
  const bodyLimit = options.bodyLimitBytes ?? 64 * 1024;
  return (req, res, path, query) => {
    void dispatch(req, res, path, query).catch((error: unknown) => answerAdminError(res, error, options.onError));
  };

  async function dispatch(req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams) {
    const method = req.method ?? 'GET';
    const match = matchAdminRoute(method, decodePath(path));
    if (match.route === undefined) {
      req.resume();
      throw match.pathExists
        ? new AdminHttpError(405, { code: 'MethodNotAllowed', message: `${method} is not allowed on ${PREFIX}${path}` })
        : new AdminHttpError(404, { code: 'NotFound', message: `no admin route ${method} ${PREFIX}${path}` });
    }
    const body = method === 'POST' || method === 'PUT' ? await readJsonBody(req, bodyLimit) : (req.resume(), {});
    const result = await match.route.run(ops, match.args, body, Object.fromEntries(query));
    if (match.route.status === 204) {
      res.statusCode = 204;
      res.setHeader('cache-control', 'no-store');
      res.end();
      return;
    }
    sendJson(res, match.route.status ?? 200, result);
  }
}

/**
 * The admin HTTP API: JSON in and out, `Authorization: Bearer <token>`, mounted by the gateway for paths under
 * `/admin/`.
 */
export function createAdminHandler(options: AdminHttpOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const dispatch = createAdminDispatcher(options);
  // Compare digests, so neither the length nor the content of the configured token leaks through timing.
  const tokenDigest = adminTokenDigest(options.token);

  return (req, res) => {
    try {
      serve(req, res);
    } catch (error) {
      answerAdminError(res, error, options.onError);
    }
  };

  function serve(req: IncomingMessage, res: ServerResponse): void {
    if (tokenDigest === undefined) {
      req.resume();
      throw new AdminHttpError(403, {
        code: 'AdminApiDisabled',
        message: 'the admin API is disabled: start the server with --admin-token or RTC_ADMIN_TOKEN',
      });
    }
    const presented = /^Bearer +(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
    if (presented === undefined || !adminTokenMatches(presented, tokenDigest)) {
      req.resume();
      res.setHeader('www-authenticate', 'Bearer realm="rtc-openapi admin"');
      throw new AdminHttpError(401, {
        code: 'Unauthorized',
        message:
          presented === undefined
            ? 'the admin API needs an Authorization: Bearer <admin token> header'
            : 'the admin token is not valid',
      });
    }

    const url = new URL(req.url ?? '/', 'http://admin.invalid');
    if (url.pathname !== PREFIX && !url.pathname.startsWith(`${PREFIX}/`)) {
      throw new AdminHttpError(404, { code: 'NotFound', message: `no admin route ${url.pathname}` });
    }
    dispatch(req, res, url.pathname.slice(PREFIX.length), url.searchParams);
  }
}

/** The configured admin token's digest; undefined when there is none (admin API and console off). */
export function adminTokenDigest(token: string | undefined): Buffer | undefined {
  return token === undefined || token === '' ? undefined : sha256(token);
}

/** Whether `presented` is the admin token, compared in constant time on digests. */
export function adminTokenMatches(presented: string, digest: Buffer): boolean {
  return timingSafeEqual(sha256(presented), digest);
}

export function answerAdminError(
  res: ServerResponse,
  error: unknown,
  onError: ((error: unknown) => void) | undefined,
): void {
  if (error instanceof AdminHttpError) {
    sendJson(res, error.status, { error: error.body });
  } else if (error instanceof RecordError) {
    const status = error.kind === 'not-found' ? 404 : error.kind === 'conflict' ? 409 : 400;
    const code = error.kind === 'not-found' ? 'NotFound' : error.kind === 'conflict' ? 'Conflict' : 'InvalidField';
    const { field } = error;
    // The message names the field even for a reader who ignores `field`.
    const message = field === undefined || error.message.includes(field) ? error.message : `${field}: ${error.message}`;
    sendJson(res, status, { error: { code, message, ...(field !== undefined && { field }) } });
  } else {
    onError?.(error);
    sendJson(res, 500, { error: { code: 'InternalError', message: 'the admin request failed unexpectedly' } });
  }
}

function decodePath(path: string): string {
  try {
    return path
      .split('/')
      .map((part) => decodeURIComponent(part))
      .join('/');
  } catch {
    throw new AdminHttpError(400, { code: 'InvalidPath', message: 'the path is not valid percent-encoding' });
  }
}

export async function readJsonBody(req: IncomingMessage, limit: number): Promise<Record<string, unknown>> {
  const type = req.headers['content-type'];
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      req.resume();
      throw new AdminHttpError(413, { code: 'BodyTooLarge', message: `the body is larger than ${limit} bytes` });
    }
    chunks.push(chunk);
  }
  if (size === 0) return {};
  if (type === undefined || !/^application\/json\b/i.test(type)) {
    throw new AdminHttpError(415, { code: 'UnsupportedMediaType', message: 'send the body as application/json' });
  }
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks)));
  } catch {
    throw new AdminHttpError(400, { code: 'InvalidJson', message: 'the body is not valid UTF-8 JSON', field: 'body' });
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new AdminHttpError(400, { code: 'InvalidJson', message: 'the body must be a JSON object', field: 'body' });
  }
  return value as Record<string, unknown>;
}

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const text = JSON.stringify(value);
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('cache-control', 'no-store');
  res.setHeader('content-length', Buffer.byteLength(text));
  res.end(text);
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
