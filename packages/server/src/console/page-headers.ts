/**
 * Headers on every console page and file: nothing loads from elsewhere (the console works offline), no framing,
 * no sniffing, no referrer to other sites.
 */
export const CONSOLE_PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; style-src 'self' 'unsafe-inline'; " +
    "script-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  // same-origin, not no-referrer: with no-referrer Chromium sends `Origin: null` on the login form's POST.
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
};
