import type { IncomingMessage, ServerResponse } from 'node:http';
import { adminTokenDigest, type AdminDispatch } from '../admin/admin-http.js';
import type { IdentityGate } from '../identity/principal.js';
import type { RequestMetrics } from '../observability/request-metrics.js';
import type { RoomService } from '../rooms/room-service.js';
import type { ObjectStore } from '../storage/object-store.js';
import { ConsoleAssets } from './console-assets.js';
import { serveConsoleApi } from './console-api.js';
import { ConsoleSessions } from './console-session.js';
import { logIn, logOut } from './console-login.js';
import { sendLoginPage } from './login-page.js';
import type { PushRunner } from '../tasks/push/push-runner.js';
import type { EventStreams } from './event-stream.js';
import type { RoomFeed } from './room-feed.js';
import type { ConsoleVoice } from './voice-routes.js';
import { isSecure } from './same-origin.js';
import { redirect, sendText } from './console-responses.js';

export interface ConsoleOptions {
  /** The admin token: the console's login exchanges it for a session. Undefined turns the console off. */
  token: string | undefined;
  /** The admin operations (admin/admin-http.ts), which the console's API serves under /console/api/admin/. */
  admin: AdminDispatch;
  /** Resolves the explorer's chosen access key to sign its call. */
  identity: IdentityGate;
  /** Kicks, bans and dismissals from the live room view. */
  rooms: Pick<RoomService, 'kick' | 'ban' | 'dismiss'>;
  /** The live rooms as server-sent events. */
  feed: RoomFeed;
  /** The console's open event streams (the room feed's among them), ended first at shutdown. */
  streams: EventStreams;
  /** The tasks' object store (local or S3) whose files (recordings, snapshots, segments) the tasks page shows. */
  files: ObjectStore;
  /** The voice agents: their tasks and timelines, live transcripts, and the box that speaks to them. */
  voice: ConsoleVoice;
  /** The CDN pushes' live state (PushStreamState) and figures, for the tasks page. */
  pushes: Pick<PushRunner, 'pushState' | 'stats'>;
  /** The server's request metrics: requests by action and code over the last hour. */
  metrics: Pick<RequestMetrics, 'recent'>;
  /** The server's clock (unix ms), which the metrics count requests by. */
  now: () => number;
  /** Default: the built console in the server package's `console-dist/`. */
  assets?: ConsoleAssets;
  sessions?: ConsoleSessions;
  onError?: (error: unknown) => void;
}

/** Everything under `/console`: login, logout, the console's API and its built files (docs/console.md). */
export function createConsoleHandler(options: ConsoleOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const digest = adminTokenDigest(options.token);
  const sessions = options.sessions ?? new ConsoleSessions();
  const assets = options.assets ?? new ConsoleAssets();

  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://console.invalid');
    const path = url.pathname;
    const secure = isSecure(req);
    if (digest === undefined) {
      req.resume();
      sendLoginPage(res, 403, 'The console is off: start the server with --admin-token or RTC_ADMIN_TOKEN.');
      return;
    }
    if (path === '/console/login') {
      if (req.method === 'POST')
        return void logIn(req, res, { digest, sessions, secure }).catch((error: unknown) => {
          options.onError?.(error);
          if (!res.headersSent) res.destroy();
        });
      req.resume();
      if (sessions.isValid(req)) return redirect(res, '/console/');
      return sendLoginPage(res, 200);
    }
    if (path === '/console/logout' && req.method === 'POST') return logOut(req, res, { sessions, secure });
    if (path.startsWith('/console/api/')) {
      return serveConsoleApi(req, res, path.slice('/console/api'.length), url.searchParams, {
        ...options,
        sessions,
        secure,
      });
    }
    req.resume();
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'method not allowed\n');
    // Without a session the login page is all there is: no script, no style, no file of the console.
    if (!sessions.isValid(req)) return sendLoginPage(res, 401);
    if (path === '/console') return redirect(res, '/console/');
    if (!assets.available) return sendText(res, 503, 'the console is not built: run `npm run build`\n');
    const file = path === '/console/' ? 'index.html' : path.slice('/console/'.length);
    if (!assets.serve(req, res, file)) sendText(res, 404, 'no such console file\n');
  };
}
