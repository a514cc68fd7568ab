import type { Credentials, SignableRequest, SignedRequest, SignOptions } from './types.js';
import { canonicalHeadersBlock, collapseHeaderValue } from './canonical-headers.js';
import { encodeQueryInput, joinQuery } from './canonical-query.js';
import { canonicalRequest, stringToSign } from './canonical-request.js';
import { checkCredentials, checkSignableRequest, checkSignOptions } from './check-arguments.js';
import { hashSha256Hex } from './hash-sha256.js';
import { ALGORITHM, AUTHORIZATION, credentialScope, X_CONTENT_SHA256, X_DATE, X_SECURITY_TOKEN } from './scheme.js';
import { SignerArgumentError } from './signer-argument-error.js';
import { signingKey } from './signing-key.js';
import { formatXDate } from './x-date.js';

/** What the RTC doc shows; only those present are signed. */
const DEFAULT_SIGNED_HEADERS = ['content-type', 'host', X_CONTENT_SHA256, X_DATE, X_SECURITY_TOKEN] as const;
const SET_BY_SIGNER = new Set([X_DATE, X_CONTENT_SHA256, X_SECURITY_TOKEN, AUTHORIZATION]);

/**
 * Signs a request with an Authorization header (catalog 1.2). Sets X-Date, X-Content-Sha256 (always, also on GET:
 * the hash of the exact body bytes), X-Security-Token for temporary credentials and Authorization; the caller's own
 * headers of those names are replaced. Returns the headers to send, the query string to send and the intermediate
 * strings for debugging.
 */
export function signRequest(request: SignableRequest, credentials: Credentials, options: SignOptions): SignedRequest {
  checkSignableRequest(request);
  checkCredentials(credentials);
  checkSignOptions(options);

  const xDate = formatXDate(options.date ?? new Date());
  const scope = credentialScope(xDate.slice(0, 8), options.region, options.service);
  const payloadHash = hashSha256Hex(request.body ?? '');
  const sessionToken = credentials.sessionToken || undefined;

  const headers: Record<string, string> = {};
  const byName = new Map<string, string>();
  if (request.headers !== undefined) {
    for (const name in request.headers) {
      const lower = name.toLowerCase();
      if (SET_BY_SIGNER.has(lower)) continue;
      const value = request.headers[name]!;
      if (byName.has(lower)) throw new SignerArgumentError('request.headers', `names "${lower}" twice`);
      headers[name] = value;
      byName.set(lower, value);
    }
  }
  headers['X-Date'] = xDate;
  byName.set(X_DATE, xDate);
  if (sessionToken !== undefined) {
    headers['X-Security-Token'] = sessionToken;
    byName.set(X_SECURITY_TOKEN, sessionToken);
  }
  headers['X-Content-Sha256'] = payloadHash;
  byName.set(X_CONTENT_SHA256, payloadHash);

  const names = chooseSignedHeaders(options.signedHeaders, byName, sessionToken !== undefined);
  const values = names.map((name) => collapseHeaderValue(byName.get(name)!));
  const signedHeaders = names.join(';');
  const queryString = joinQuery(encodeQueryInput(request.query));

  const canonical = canonicalRequest(
    request.method.toUpperCase(),
    request.path ?? '/',
    queryString,
    canonicalHeadersBlock(names, values),
    signedHeaders,
    payloadHash,
  );
  const toSign = stringToSign(xDate, scope, canonical);
  const signature = signingKey(
    credentials.secretAccessKey,
    xDate.slice(0, 8),
    options.region,
    options.service,
  ).signatureHex(toSign);
  const authorization = `${ALGORITHM} Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  headers['Authorization'] = authorization;

  return {
    headers,
    queryString,
    xDate,
    credentialScope: scope,
    signedHeaders,
    canonicalRequest: canonical,
    stringToSign: toSign,
    signature,
    authorization,
  };
}

function chooseSignedHeaders(
  requested: readonly string[] | undefined,
  present: ReadonlyMap<string, string>,
  hasToken: boolean,
): string[] {
  if (requested === undefined) return DEFAULT_SIGNED_HEADERS.filter((name) => present.has(name));
  const names = [...new Set(requested.map((name) => name.toLowerCase()))].sort();
  for (const name of names) {
    if (!present.has(name)) {
      throw new SignerArgumentError('options.signedHeaders', `names "${name}", which the request does not have`);
    }
  }
  // A verifier rejects a request whose date or session token escapes the signature; fail here instead.
  if (!names.includes(X_DATE)) throw new SignerArgumentError('options.signedHeaders', 'must include "x-date"');
  if (hasToken && !names.includes(X_SECURITY_TOKEN)) {
    throw new SignerArgumentError('options.signedHeaders', 'must include "x-security-token" with a session token');
  }
  return names;
}
