import type { Credentials, PresignedUrl, PresignOptions, SignableRequest } from './types.js';
import { canonicalHeadersBlock, collapseHeaderValue } from './canonical-headers.js';
import { encodeQueryInput, joinQuery, type EncodedParam } from './canonical-query.js';
import { canonicalRequest, stringToSign } from './canonical-request.js';
import { checkCredentials, checkSignableRequest, checkSignOptions } from './check-arguments.js';
import { MAX_EXPIRES_SECONDS } from './parse-presigned-query.js';
import {
  ALGORITHM,
  credentialScope,
  EMPTY_SHA256,
  Q_ALGORITHM,
  Q_CREDENTIAL,
  Q_DATE,
  Q_EXPIRES,
  Q_NOT_SIGN_BODY,
  Q_SECURITY_TOKEN,
  Q_SIGNATURE,
  Q_SIGNED_HEADERS,
  Q_SIGNED_QUERIES,
} from './scheme.js';
import { SignerArgumentError } from './signer-argument-error.js';
import { signatureHex, signingKey } from './signing-key.js';
import { encodeRfc3986 } from './uri-encode.js';
import { formatXDate } from './x-date.js';

const RESERVED = new Set([
  Q_ALGORITHM,
  Q_CREDENTIAL,
  Q_DATE,
  Q_EXPIRES,
  Q_NOT_SIGN_BODY,
  Q_SECURITY_TOKEN,
  Q_SIGNATURE,
  Q_SIGNED_HEADERS,
  Q_SIGNED_QUERIES,
]);

const param = (rawKey: string, value: string): EncodedParam => ({
  rawKey,
  key: rawKey,
  value: encodeRfc3986(value, rawKey),
});

/**
 * The query-signing variant (catalog 1.2 step 6), as the official Node SDK's getSignUrl builds it: the caller's
 * query plus X-Algorithm, X-Credential, X-Date, X-Expires (when given), X-NotSignBody, X-Security-Token (temporary
 * credentials) and X-SignedHeaders are signed; X-SignedQueries lists them and X-Signature comes last. The body is
 * never signed (X-NotSignBody), so the payload hash is that of the empty string. No headers are signed unless
 * `signedHeaders` names some (e.g. `host`).
 */
export function presignUrl(request: SignableRequest, credentials: Credentials, options: PresignOptions): PresignedUrl {
  checkSignableRequest(request);
  checkCredentials(credentials);
  checkSignOptions(options);
  const { expiresSeconds } = options;
  if (
    expiresSeconds !== undefined &&
    (!Number.isInteger(expiresSeconds) || expiresSeconds < 1 || expiresSeconds > MAX_EXPIRES_SECONDS)
  ) {
    throw new SignerArgumentError('options.expiresSeconds', `must be a whole number from 1 to ${MAX_EXPIRES_SECONDS}`);
  }

  const xDate = formatXDate(options.date ?? new Date());
  const shortDate = xDate.slice(0, 8);
  const scope = credentialScope(shortDate, options.region, options.service);
  const sessionToken = credentials.sessionToken || undefined;

  const headersByName = new Map<string, string>();
  for (const [name, value] of Object.entries(request.headers ?? {})) headersByName.set(name.toLowerCase(), value);
  const headerNames = [...new Set((options.signedHeaders ?? []).map((n) => n.toLowerCase()))].sort();
  for (const name of headerNames) {
    if (!headersByName.has(name)) {
      throw new SignerArgumentError('options.signedHeaders', `names "${name}", which the request does not have`);
    }
  }
  const signedHeaders = headerNames.join(';');

  const params = encodeQueryInput(request.query);
  for (const p of params) {
    if (RESERVED.has(p.rawKey)) throw new SignerArgumentError(`request.query.${p.rawKey}`, 'is set by presignUrl');
  }
  params.push(
    param(Q_ALGORITHM, ALGORITHM),
    param(Q_CREDENTIAL, `${credentials.accessKeyId}/${scope}`),
    param(Q_DATE, xDate),
    param(Q_NOT_SIGN_BODY, ''),
    param(Q_SIGNED_HEADERS, signedHeaders),
  );
  if (expiresSeconds !== undefined) params.push(param(Q_EXPIRES, String(expiresSeconds)));
  if (sessionToken !== undefined) params.push(param(Q_SECURITY_TOKEN, sessionToken));
  params.sort((a, b) => (a.rawKey < b.rawKey ? -1 : a.rawKey > b.rawKey ? 1 : 0));

  const signedQuery = joinQuery(params);
  const canonical = canonicalRequest(
    request.method.toUpperCase(),
    request.path ?? '/',
    signedQuery,
    canonicalHeadersBlock(
      headerNames,
      headerNames.map((name) => collapseHeaderValue(headersByName.get(name)!)),
    ),
    signedHeaders,
    EMPTY_SHA256,
  );
  const toSign = stringToSign(xDate, scope, canonical);
  const signature = signatureHex(
    signingKey(credentials.secretAccessKey, shortDate, options.region, options.service),
    toSign,
  );
  const signedQueries = [...new Set(params.map((p) => p.rawKey))].join(';');

  return {
    queryString: `${signedQuery}&${Q_SIGNED_QUERIES}=${encodeRfc3986(signedQueries, Q_SIGNED_QUERIES)}&${Q_SIGNATURE}=${signature}`,
    canonicalRequest: canonical,
    stringToSign: toSign,
    signature,
  };
}
