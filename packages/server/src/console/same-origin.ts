import type { IncomingMessage } from 'node:http';

/**
 * Whether a request to the console comes from the console's own pages: a browser tells the site that caused it
 * (`Sec-Fetch-Site`) and, for anything but a plain GET, the `Origin`; both, when present, must be this server.
 * A request that changes something must carry at least one of them (a browser always does), so a form or script
 * on another site cannot drive the console with the admin's cookie, even where SameSite is not honoured.
 */
export function isSameOrigin(req: IncomingMessage, secure: boolean): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin') return false;
  const origin = req.headers.origin;
  if (origin !== undefined) {
    const host = req.headers.host;
    if (host === undefined || origin !== `${secure ? 'https' : 'http'}://${host}`) return false;
  }
  const safe = req.method === 'GET' || req.method === 'HEAD';
  return safe || site !== undefined || origin !== undefined;
}

/** Whether the connection is TLS (the cookie is then Secure, and the expected Origin https). */
export function isSecure(req: IncomingMessage): boolean {
  return (req.socket as { encrypted?: boolean }).encrypted === true;
}
