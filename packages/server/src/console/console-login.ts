import type { IncomingMessage, ServerResponse } from 'node:http';
import { adminTokenMatches } from '../admin/admin-http.js';
import type { ConsoleSessions } from './console-session.js';
import { redirect } from './console-responses.js';
import { sendLoginPage } from './login-page.js';
import { isSameOrigin } from './same-origin.js';

const MAX_FORM_BYTES = 4096;

/**
 * The login form's POST: the admin token in the body (form or JSON), checked in constant time, exchanged for a
 * session cookie; a wrong or missing token gets the login page again (401). The token is never logged or echoed.
 */
export async function logIn(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: { digest: Buffer; sessions: ConsoleSessions; secure: boolean },
): Promise<void> {
  if (!isSameOrigin(req, ctx.secure)) {
    req.resume();
    return sendLoginPage(res, 403, 'Sign in from the console’s own page.');
  }
  const token = await readToken(req);
  if (token === undefined || token === '' || !adminTokenMatches(token, ctx.digest)) {
    return sendLoginPage(res, 401, token ? 'That admin token is not valid.' : 'Enter the admin token.');
  }
  redirect(res, '/console/', { 'set-cookie': ctx.sessions.cookie(ctx.sessions.open(), ctx.secure) });
}

export function logOut(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: { sessions: ConsoleSessions; secure: boolean },
): void {
  req.resume();
  if (!isSameOrigin(req, ctx.secure)) return sendLoginPage(res, 403, 'Sign out from the console’s own page.');
  ctx.sessions.close(req);
  redirect(res, '/console/login', { 'set-cookie': ctx.sessions.clearingCookie(ctx.secure) });
}

async function readToken(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) {
      req.resume();
      return undefined;
    }
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
    try {
      const value = JSON.parse(text) as { token?: unknown };
      return typeof value.token === 'string' ? value.token : undefined;
    } catch {
      return undefined;
    }
  }
  return new URLSearchParams(text).get('token') ?? undefined;
}
