// Every error code both ends know: the gateway codes of catalog §3.2, the RTC business codes of §3.1, and the few
// codes of our own server. The service documents no HTTP status per business code (§7), so we chose them:
//
// | codes                                                        | HTTP | retry     | why                               |
// |--------------------------------------------------------------|------|-----------|-----------------------------------|
// | InvalidParameter, InvalidParameter.* (unless below)          | 400  | never     | the request must change           |
// | MissingParameter.No*                                         | 400  | never     | idem                              |
// | InvalidParameter.NotExistAppId, .ErrorActiveTaskNotFound     | 404  | never     | the named thing does not exist    |
// | InvalidParameter.TaskAlreadyExists                           | 409  | never     | conflicts with an existing task   |
// | InvalidParameter.AccountIdMismatch, Unauthorized,            | 403  | never     | the caller may not act on the app |
// |   AccessDenied.*                                             |      |           |                                   |
// | UnknownAction, UnknownVersion                                | 404  | never     | as the gateway's InvalidActionOrVersion |
// | FlowLimitExceeded.QPSOverLimit                               | 429  | throttled | back off, then retry              |
// | FlowLimitExceeded.TaskNumberOverLimit                        | 429  | never     | retrying helps only once tasks stop |
// | InternalError.ReachRateLimit                                 | 503  | throttled | the service sheds load            |
// | InternalError.* (others)                                     | 500  | safe      | the task did not start (§3.1 "retry") |
//
// Retry classes: `never` = do not repeat the request unchanged; `safe` = repeating it is expected to help and does no
// harm (task actions are idempotent on AppId+RoomId+TaskId, §1.1); `throttled` = repeat after backing off.
//
// Business codes answer HTTP 200 for versions before 2023-07-20 (§1.3): see httpStatusFor.
// Left out: `InternalError.GetAutoTriggerPolicyF…`, whose name is truncated in the source and cannot be matched.
//
// Our own codes (kind `gateway`, so that every version sees their status):
// - NotImplemented (501): what earlier versions of our server answered for an action-version they had not built;
//   every catalogued action-version has a handler now, so the server no longer sends it. Kept so that clients typed
//   against this catalog still read it from an older server.
// - MethodNotAllowed (405): GET to a POST action or the reverse (the real service's answer is not documented).
// - RequestEntityTooLarge (413): the request body exceeds the server's limit.
import type { ErrorInfo, RetryClass } from '../spec.js';

interface Entry {
  codeN?: number;
  httpStatus: number;
  kind: 'gateway' | 'business';
  retry: RetryClass;
  description: string;
}

const gateway = (httpStatus: number, retry: RetryClass, description: string, codeN?: number): Entry =>
  codeN === undefined
    ? { httpStatus, kind: 'gateway', retry, description }
    : { codeN, httpStatus, kind: 'gateway', retry, description };
const business = (httpStatus: number, retry: RetryClass, description: string): Entry => ({
  httpStatus,
  kind: 'business',
  retry,
  description,
});

const entries = {
  // §3.2 gateway codes. FailToConnect and InternalServiceTimeout have no captured status: 502 and 504 say what they are.
  MissingParameter: gateway(400, 'never', 'A required parameter (Action, Version or a field) is missing.', 100002),
  MissingAuthenticationToken: gateway(401, 'never', 'The request carries no authentication.', 100003),
  MissingRequestInfo: gateway(
    400,
    'never',
    'Required request information (X-Date, AK, service, region) is missing.',
    100004,
  ),
  MissingSignature: gateway(401, 'never', 'The request carries no signature.', 100005),
  InvalidTimestamp: gateway(400, 'never', 'The signature date is expired or in the future.', 100006),
  ServiceNotFound: gateway(404, 'never', 'The service name is wrong.', 100007),
  InvalidActionOrVersion: gateway(404, 'never', 'No such Action and Version.', 100008),
  InvalidAccessKey: gateway(401, 'never', 'The access key is invalid.', 100009),
  SignatureDoesNotMatch: gateway(401, 'never', 'The signature does not match.', 100010),
  LackPolicy: gateway(403, 'never', 'The sub-user lacks a policy for this request.', 100012),
  AccessDenied: gateway(403, 'never', 'The sub-user is not authorised for this action or resource.', 100013),
  InternalError: gateway(500, 'safe', 'Internal error of the gateway.', 100014),
  FailToConnect: gateway(502, 'safe', 'The gateway could not reach the service.', 100015),
  InternalServiceTimeout: gateway(504, 'safe', 'The service did not answer in time.', 100016),
  InvalidAuthorization: gateway(400, 'never', 'The Authorization header is malformed.'),
  InvalidCredential: gateway(400, 'never', 'The Credential part of the Authorization header is malformed.'),
  InvalidSecretToken: gateway(401, 'never', 'The security token is invalid or expired.'),
  LackProjectPolicy: gateway(403, 'never', 'A project-level permission is missing.'),

  // Our own.
  NotImplemented: gateway(501, 'never', 'This server does not implement this action-version yet.'),
  MethodNotAllowed: gateway(405, 'never', 'The HTTP method is not the one this action uses.'),
  RequestEntityTooLarge: gateway(413, 'never', 'The request body is larger than the server accepts.'),

  // §3.1 business codes.
  InvalidParameter: business(400, 'never', 'A parameter is invalid; the message names it.'),
  'InvalidParameter.TaskAlreadyExists': business(409, 'never', 'A task with this TaskId already exists.'),
  'InvalidParameter.ErrorActiveTaskNotFound': business(404, 'never', 'The task does not exist or has stopped.'),
  'InvalidParameter.StartTimeAfterEndTime': business(400, 'never', 'The start time is after the end time.'),
  'InvalidParameter.OutofTimeRange': business(400, 'never', 'The time span is longer than allowed.'),
  'InvalidParameter.InvalidRtmpAddress': business(400, 'never', 'The push URL is invalid.'),
  'InvalidParameter.IllegalRoomID': business(400, 'never', 'The RoomId breaks the ID rule.'),
  'InvalidParameter.BodyIsEmpty': business(400, 'never', 'The request body is empty.'),
  'InvalidParameter.Unmarshal': business(400, 'never', 'The request body is not valid JSON of the right types.'),
  'InvalidParameter.EmptyAccountId': business(400, 'never', 'AccountId is missing.'),
  'InvalidParameter.NotExistAppId': business(404, 'never', 'The AppId does not exist.'),
  'InvalidParameter.IllegalAppId': business(400, 'never', 'The AppId is malformed.'),
  'InvalidParameter.IllegalTo': business(400, 'never', 'A recipient user id is invalid.'),
  'InvalidParameter.IllegalFrom': business(400, 'never', 'The sender id is invalid.'),
  'InvalidParameter.SizeOverLimit': business(400, 'never', 'The message is too large.'),
  'InvalidParameter.UserCountOverLimit': business(400, 'never', 'Too many recipients.'),
  'InvalidParameter.AccountIdMismatch': business(403, 'never', 'The calling account does not own the app.'),
  'MissingParameter.NoAppId': business(400, 'never', 'AppId is missing.'),
  'MissingParameter.NoRoomId': business(400, 'never', 'RoomId is missing.'),
  'MissingParameter.NoUserId': business(400, 'never', 'UserId is missing.'),
  'MissingParameter.NoToken': business(400, 'never', 'Token is missing.'),
  'FlowLimitExceeded.QPSOverLimit': business(429, 'throttled', 'The per-action request rate was exceeded.'),
  'FlowLimitExceeded.TaskNumberOverLimit': business(429, 'never', 'Too many tasks are running.'),
  'AccessDenied.RecordNotEnabled': business(403, 'never', 'Cloud recording is not enabled for the app.'),
  'AccessDenied.NoPermissionForApp': business(403, 'never', 'This account may not operate the AppId.'),
  'AccessDenied.ServiceNotEnabled': business(403, 'never', 'A required service is not activated.'),
  Unauthorized: business(403, 'never', 'The AppId and the account do not match.'),
  UnknownAction: business(404, 'never', 'The Action is not defined.'),
  UnknownVersion: business(404, 'never', 'The Version is not defined for this action.'),
  'InternalError.GenerateTokenFailed': business(500, 'safe', 'Internal token generation failed.'),
  'InternalError.ReachRateLimit': business(503, 'throttled', 'The service is throttling.'),
  'InternalError.Parallel': business(500, 'safe', 'Concurrent operations on the same task.'),
  'InternalError.RPC': business(500, 'safe', 'An internal call failed.'),
  'InternalError.Unknown': business(500, 'safe', 'System failure; the task was not started.'),
} satisfies Record<string, Entry>;

/** Every catalogued error code, plus our own NotImplemented, MethodNotAllowed and RequestEntityTooLarge. */
export type ErrorCode = keyof typeof entries;

export const errorCatalog: Readonly<Record<ErrorCode, ErrorInfo>> = Object.freeze(
  Object.fromEntries(
    Object.entries(entries).map(([code, entry]) => [code, Object.freeze({ code, ...entry })]),
  ) as Record<ErrorCode, ErrorInfo>,
);
