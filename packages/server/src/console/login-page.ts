import type { ServerResponse } from 'node:http';
import { CONSOLE_PAGE_HEADERS } from './page-headers.js';

const STYLE = `body{font:15px system-ui,sans-serif;background:#f4f5f7;color:#1d2330;display:grid;place-items:center;
min-height:100vh;margin:0}form{background:#fff;padding:32px;border-radius:8px;box-shadow:0 1px 4px #0002;width:340px}
h1{font-size:20px;margin:0 0 4px}p{color:#5b6475;margin:0 0 20px}label{display:block;font-weight:600;margin-bottom:6px}
input{width:100%;box-sizing:border-box;padding:8px;border:1px solid #c5cad3;border-radius:4px;font:inherit}
button{margin-top:16px;width:100%;padding:9px;border:0;border-radius:4px;background:#2f6fed;color:#fff;font:inherit;
cursor:pointer}.error{color:#b42318;margin:12px 0 0}`;

/**
 * The one page the console shows without a session: a form that POSTs the admin token (in the body, never in the
 * URL) to /console/login. A plain form, so it works before any script is allowed to load.
 */
export function sendLoginPage(res: ServerResponse, status: number, message?: string): void {
  const error = message === undefined ? '' : `<p class="error" role="alert">${escapeHtml(message)}</p>`;
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>rtc-openapi console: sign in</title>
<meta name="viewport" content="width=device-width,initial-scale=1"><style>${STYLE}</style></head><body>
<form method="post" action="/console/login" autocomplete="off"><h1>rtc-openapi console</h1>
<p>Sign in with the server's admin token.</p><label for="token">Admin token</label>
<input id="token" name="token" type="password" required autofocus><button type="submit">Sign in</button>${error}</form>
</body></html>`;
  res.writeHead(status, {
    ...CONSOLE_PAGE_HEADERS,
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(html),
  });
  res.end(html);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
