/** Privilege ids of the "001" AccessToken (catalog section 5.1). */
export const Privilege = {
  /** Publishing in general; granting it also grants audio, video and data publishing with the same expiry. */
  PublishStream: 0,
  PublishAudioStream: 1,
  PublishVideoStream: 2,
  PublishDataStream: 3,
  SubscribeStream: 4,
} as const;

export type PrivilegeName = keyof typeof Privilege;
export type PrivilegeId = (typeof Privilege)[PrivilegeName];

/** Privilege ids -> expiry (unix seconds, 0 = never). */
export type PrivilegeMap = Partial<Record<PrivilegeId, number>>;

/** The ids a grant of `id` implies (catalog 5.1: PublishStream brings 1, 2 and 3 along, in both official builders). */
export function impliedPrivileges(id: PrivilegeId): readonly PrivilegeId[] {
  return id === Privilege.PublishStream
    ? [Privilege.PublishStream, Privilege.PublishAudioStream, Privilege.PublishVideoStream, Privilege.PublishDataStream]
    : [id];
}

export function isPrivilegeId(value: number): value is PrivilegeId {
  return Number.isInteger(value) && value >= 0 && value <= 4;
}
