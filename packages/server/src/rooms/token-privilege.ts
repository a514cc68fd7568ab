import {
  impliedPrivileges,
  Privilege,
  tokenAllows,
  type DecodedAccessToken,
  type PrivilegeId,
} from '@rtc-openapi/signer';

/**
 * Whether the token grants `privilege` at `now` (unix seconds). The official builders write audio, video and data
 * publishing whenever they grant PublishStream (catalog 5.1); the server also lets a hand-made token that carries
 * PublishStream alone publish each medium, until PublishStream's own expiry.
 */
export function hasPrivilege(token: DecodedAccessToken, privilege: PrivilegeId, now: number): boolean {
  if (tokenAllows(token, privilege, now)) return true;
  return (
    privilege !== Privilege.PublishStream &&
    impliedPrivileges(Privilege.PublishStream).includes(privilege) &&
    tokenAllows(token, Privilege.PublishStream, now)
  );
}
