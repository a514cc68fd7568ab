/**
 * Requests per second for the 124 action-versions whose QPS the catalog marks "unconfirmed" (catalog §7).
 *
 * 20 is the lowest limit the catalog documents for an account-wide write or management action (UpdateBanRoomUserRule,
 * CreateApp, ListApps). A client throttling itself to this never trips a real limit we know of for such an action,
 * and a server enforcing it is no stricter than the strictest documented neighbour. The 10/s of the data queries
 * (ListRoomInfo, ListUserInfo, ListCallDetail) is documented per action and does not apply here.
 */
export const DEFAULT_QPS = 20;

/** SendUnicast, SendRoomUnicast, SendBroadcast and BatchSendRoomUnicast share one budget of 500/s (catalog §1.3). */
export const MESSAGING_QPS = 500;

/** The rate group of the four messaging actions. */
export const MESSAGING_RATE_GROUP = 'messaging';
