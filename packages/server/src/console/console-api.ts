import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { actionSpecs } from '@rtc-openapi/api';
import { answerAdminError, readJsonBody, sendJson } from '../admin/admin-http.js';
import { RecordError } from '../store/record-error.js';
import type { TaskKey } from '../tasks/task-model.js';
import { PushStreamState } from '../tasks/push/push-session.js';
import type { ConsoleOptions } from './console-handler.js';
import { objectField, requiredString, taskKeyIn } from './console-input.js';
import type { ConsoleSessions } from './console-session.js';
import { isSameOrigin } from './same-origin.js';
import { serveStoredFile } from './console-files.js';
import { sendSignedCall } from './signed-call.js';
import { serveVoice } from './voice-routes.js';

type ApiContext = ConsoleOptions & { sessions: ConsoleSessions; secure: boolean };
const BODY_LIMIT = 256 * 1024;

/**
 * The console's own API, `/console/api/...`: only for a request from the console's pages (same origin) with a
 * live session. `admin/...` are the admin API's operations themselves; the rest is what only the console needs.
 */
export function serveConsoleApi(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  query: URLSearchParams,
  ctx: ApiContext,
): void {
  if (!isSameOrigin(req, ctx.secure)) {
    req.resume();
    return sendJson(res, 403, {
      error: { code: 'CrossSiteRequest', message: 'the console API answers only the console’s own pages' },
    });
  }
  if (!ctx.sessions.isValid(req)) {
    req.resume();
    return sendJson(res, 401, { error: { code: 'Unauthorized', message: 'sign in at /console/login' } });
  }
  if (path.startsWith('/admin/')) return ctx.admin(req, res, path.slice('/admin'.length), query);
  if (path.startsWith('/files/') && (req.method === 'GET' || req.method === 'HEAD')) {
    void (async () => {
      const [bucket, ...key] = path.slice('/files/'.length).split('/').map(decodeSegment);
      await serveStoredFile(req, res, ctx.files, bucket ?? '', key.join('/'));
    })().catch((error: unknown) => answerAdminError(res, error, ctx.onError));
    return;
  }
  void serveOwn(req, res, path, query, ctx).catch((error: unknown) => answerAdminError(res, error, ctx.onError));
}

async function serveOwn(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  query: URLSearchParams,
  ctx: ApiContext,
): Promise<void> {
  const route = `${req.method ?? 'GET'} ${path}`;
  if (path.startsWith('/voice/') && (await serveVoice(req, res, route, query, ctx.voice, ctx.streams))) return;
  switch (route) {
    case 'GET /session':
      req.resume();
      return sendJson(res, 200, { signedIn: true });
    case 'GET /rooms/stream':
      return ctx.feed.watch(req, res);
    case 'POST /rooms/kick': {
      const body = await readJsonBody(req, BODY_LIMIT);
      const [appId, roomId, userId] = ['appId', 'roomId', 'userId'].map((f) => requiredString(body, f));
      if (!ctx.rooms.kick(appId!, roomId!, userId!)) {
        throw new RecordError('not-found', `${userId} is not in room ${roomId} of app ${appId}`, 'userId');
      }
      return sendJson(res, 200, { kicked: true });
    }
    case 'POST /rooms/ban': {
      const body = await readJsonBody(req, BODY_LIMIT);
      const [appId, roomId, userId] = ['appId', 'roomId', 'userId'].map((f) => requiredString(body, f));
      const seconds = body.seconds;
      if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 10 || seconds > 604_800) {
        throw new RecordError('invalid', 'seconds must be an integer from 10 to 604800', 'seconds');
      }
      // BanRoomUser's own rule: the user is removed from the room and kept out until the ban ends.
      ctx.rooms.ban({ appId: appId!, roomId: roomId!, userId: userId!, ip: '' }, seconds);
      return sendJson(res, 200, { banned: true, seconds });
    }
    case 'POST /rooms/dismiss': {
      const body = await readJsonBody(req, BODY_LIMIT);
      const [appId, roomId] = ['appId', 'roomId'].map((f) => requiredString(body, f));
      if (!ctx.rooms.dismiss(appId!, roomId!)) {
        throw new RecordError('not-found', `room ${roomId} of app ${appId} has nobody in it`, 'roomId');
      }
      return sendJson(res, 200, { dismissed: true });
    }
    case 'GET /tasks/push': {
      req.resume();
      return sendJson(res, 200, pushView(ctx.pushes, taskKeyIn(Object.fromEntries(query))));
    }
    case 'GET /metrics/requests':
      req.resume();
      return sendJson(res, 200, ctx.metrics.recent(ctx.now()));
    case 'GET /catalog':
      req.resume();
      return sendCatalog(req, res);
    case 'POST /call': {
      const body = await readJsonBody(req, BODY_LIMIT);
      const answer = await sendSignedCall(ctx.identity, req, ctx.secure, {
        accessKeyId: requiredString(body, 'accessKeyId'),
        action: requiredString(body, 'action'),
        version: requiredString(body, 'version'),
        params: objectField(body, 'params'),
      });
      return sendJson(res, 200, answer);
    }
    default:
      req.resume();
      return sendJson(res, 404, { error: { code: 'NotFound', message: `no console API route ${route}` } });
  }
}

/** A CDN push's live state: PushStreamState (research 2) by code and name, and what it has sent. */
function pushView(pushes: ApiContext['pushes'], key: TaskKey) {
  const state = pushes.pushState(key);
  if (state === undefined) return { running: false };
  const stateName = Object.entries(PushStreamState).find(([, code]) => code === state)?.[0];
  return { running: true, state, stateName, stats: pushes.stats(key) };
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new RecordError('invalid', 'the path is not valid percent-encoding', 'key');
  }
}

let catalog: { text: Buffer; gzip: Buffer } | undefined;

/** Every action-version with its params schema, for the explorer's forms (built and compressed once). */
function sendCatalog(req: IncomingMessage, res: ServerResponse): void {
  if (catalog === undefined) {
    const text = Buffer.from(
      JSON.stringify(
        actionSpecs.map((s) => ({
          action: s.action,
          version: s.version,
          area: s.area,
          method: s.method,
          params: s.params,
        })),
      ),
    );
    catalog = { text, gzip: gzipSync(text) };
  }
  const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  const body = gzip ? catalog.gzip : catalog.text;
  res.writeHead(200, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'private, max-age=3600',
    vary: 'accept-encoding',
    ...(gzip && { 'content-encoding': 'gzip' }),
    'content-length': body.length,
  });
  res.end(body);
}
