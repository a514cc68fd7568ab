import type { Credentials, PresignedUrl, PresignOptions, SignableRequest } from './types.js';
import { canonicalHeadersBlock, collapseHeaderValue } from './canonical-headers.js';
import { encodeQueryInput, joinQuery, type EncodedParam } from './canonical-query.js';
import { canonicalRequest, stringToSign } from './canonical-request.js';
import { checkCredentials, checkSignableRequest, checkSignOptions } from './check-arguments.js';
import {
  ALGORITHM,
  credentialScope,
  EMPTY_SHA256,
  MAX_EXPIRES_SECONDS,
  PRESIGN_PARAMS,
  PresignParam,
} from './scheme.js';
import { SignerArgumentError } from './signer-argument-error.js';
import { signingKey } from './signing-key.js';
import { encodeRfc3986 } from './uri-encode.js';
import { formatXDate } from './x-date.js';

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
    if (PRESIGN_PARAMS.has(p.rawKey)) {
      throw new SignerArgumentError(`request.query.${p.rawKey}`, 'is set by presignUrl');
    }
  }
  params.push(
    param(PresignParam.Algorithm, ALGORITHM),
    param(PresignParam.Credential, `${credentials.accessKeyId}/${scope}`),
    param(PresignParam.Date, xDate),
    param(PresignParam.NotSignBody, ''),
    param(PresignParam.SignedHeaders, signedHeaders),
  );
  if (expiresSeconds !== undefined) params.push(param(PresignParam.Expires, String(expiresSeconds)));
  if (sessionToken !== undefined) params.push(param(PresignParam.SecurityToken, sessionToken));
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
  const signature = signingKey(credentials.secretAccessKey, shortDate, options.region, options.service).signatureHex(
    toSign,
  );
  const signedQueries = [...new Set(params.map((p) => p.rawKey))].join(';');

  return {
    queryString: `${signedQuery}&${PresignParam.SignedQueries}=${encodeRfc3986(signedQueries, PresignParam.SignedQueries)}&${PresignParam.Signature}=${signature}`,
    canonicalRequest: canonical,
    stringToSign: toSign,
    signature,
  };
}
