/** What presence needs to know about an app (the apps service's `App` satisfies it). */
export interface RoomApp {
  appId: string;
  /** The owning account. */
  accountId: string;
  /** Signs join tokens; a secret. */
  appKey: string;
  /** Tokens signed with the secondary key are accepted too, so keys can be rotated. */
  secondaryAppKey?: string;
  /** `enabled`; anything else refuses joins. */
  status: string;
}

export interface RoomAppDirectory {
  getApp(appId: string): Promise<RoomApp | undefined> | RoomApp | undefined;
}
