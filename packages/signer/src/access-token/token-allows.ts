import { checkUint32 } from '../check-arguments.js';
import type { PrivilegeId } from './privilege.js';
import type { AccessTokenFields } from './types.js';

/**
 * Whether the token grants `privilege` at `now` (unix seconds), by that privilege's own expiry (0 = never). Only
 * the id asked for counts: the official builders write ids 1-3 whenever they grant PublishStream (catalog 5.1).
 */
export function tokenAllows(
  token: Pick<AccessTokenFields, 'privileges'>,
  privilege: PrivilegeId,
  now: number,
): boolean {
  checkUint32(now, 'now');
  const expireAt = token.privileges[privilege];
  if (expireAt === undefined) return false;
  return expireAt === 0 || now <= expireAt;
}
