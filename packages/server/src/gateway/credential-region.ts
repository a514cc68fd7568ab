import type { QueryParams } from './query-params.js';

export const DEFAULT_REGION = 'cn-north-1';

const REGION_SHAPE = /^[a-z0-9-]{1,32}$/;

/**
 * The region named in the request's credential scope (`Credential=AK/date/region/service/request`, in the
 * Authorization header or the presigned `X-Credential`), read without trusting it, for ResponseMetadata.Region on
 * answers given before (or instead of) a verified signature.
 */
export function credentialRegion(authorization: string | undefined, query: QueryParams): string {
  let credential: string | null | undefined;
  if (authorization) {
    const at = authorization.indexOf('Credential=');
    if (at >= 0) credential = authorization.slice(at + 11).split(/[,\s]/, 1)[0];
  }
  credential ??= query.get('X-Credential');
  const region = credential?.split('/')[2];
  return region !== undefined && REGION_SHAPE.test(region) ? region : DEFAULT_REGION;
}
