import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** The session cookie's name; its value is a random id, never the admin token. */
export const SESSION_COOKIE = 'rtc_console_session';
const DEFAULT_TTL_MS = 12 * 60 * 60 * 1000;
const MAX_SESSIONS = 1000;

/**
 * Console sessions, in memory (a restart logs everyone out): a random id in an HttpOnly, SameSite=Strict cookie,
 * kept here only as its SHA-256 digest with an expiry.
 */
export class ConsoleSessions {
  readonly #expiries = new Map<string, number>();
  readonly #ttlMs: number;
  readonly #now: () => number;

  constructor(options: { ttlMs?: number; now?: () => number } = {}) {
    this.#ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
    this.#now = options.now ?? Date.now;
  }

  /** A new session; returns the id to put in the cookie. */
  open(): string {
    const now = this.#now();
    if (this.#expiries.size >= MAX_SESSIONS) this.#prune(now);
    // Still full of live sessions: the oldest goes (a Map iterates in insertion order).
    if (this.#expiries.size >= MAX_SESSIONS) this.#expiries.delete(this.#expiries.keys().next().value!);
    const id = randomBytes(32).toString('base64url');
    this.#expiries.set(digest(id), now + this.#ttlMs);
    return id;
  }

  /** Whether the request carries a live session cookie. */
  isValid(req: IncomingMessage): boolean {
    const id = sessionIdOf(req);
    if (id === undefined) return false;
    const key = digest(id);
    const expiry = this.#expiries.get(key);
    if (expiry === undefined) return false;
    if (expiry <= this.#now()) {
      this.#expiries.delete(key);
      return false;
    }
    return true;
  }

  close(req: IncomingMessage): void {
    const id = sessionIdOf(req);
    if (id !== undefined) this.#expiries.delete(digest(id));
  }

  /** The Set-Cookie value for a session id (Secure over HTTPS). */
  cookie(id: string, secure: boolean): string {
    return cookieLine(id, Math.floor(this.#ttlMs / 1000), secure);
  }

  /** The Set-Cookie value that removes the cookie. */
  clearingCookie(secure: boolean): string {
    return cookieLine('', 0, secure);
  }

  #prune(now: number): void {
    for (const [key, expiry] of this.#expiries) if (expiry <= now) this.#expiries.delete(key);
  }
}

function cookieLine(value: string, maxAgeSeconds: number, secure: boolean): string {
  return (
    `${SESSION_COOKIE}=${value}; Path=/console; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}` +
    (secure ? '; Secure' : '')
  );
}

function sessionIdOf(req: IncomingMessage): string | undefined {
  const header = req.headers.cookie;
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) {
      const value = part.slice(eq + 1).trim();
      return value === '' ? undefined : value;
    }
  }
  return undefined;
}

function digest(id: string): string {
  return createHash('sha256').update(id).digest('base64url');
}
