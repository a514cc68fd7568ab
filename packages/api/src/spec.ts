// The public contract of @rtc-openapi/api for the packages built on it. The generator fills in the data; these
// shapes are what the client, server and CLI code against. Change them only together with their users.
import type { TObject, TSchema } from '@sinclair/typebox';
import type { ErrorCode } from './errors/error-catalog.js';

export type HttpMethod = 'GET' | 'POST';

/** Catalog areas (section 2.1). */
export type ActionArea =
  | 'room'
  | 'messaging'
  | 'recording'
  | 'push-cdn'
  | 'public-stream'
  | 'relay-stream'
  | 'snapshot'
  | 'segment'
  | 'detection'
  | 'webcast'
  | 'whiteboard'
  | 'ai-voice-chat'
  | 'app-management'
  | 'callback-config'
  | 'data-quality-usage'
  | 'billing-resources'
  | 'music-library'
  | 'multi-vendor-policy';

/** One action-version of the catalog. */
export interface ActionSpec {
  action: string;
  version: string;
  area: ActionArea;
  method: HttpMethod;
  /** Where the action's own params travel: the query string (GET, and DeleteCallback) or a JSON body. */
  paramsIn: 'query' | 'body';
  /** Requests per second per account for this action (documented, or the one documented default). */
  qps: number;
  qpsSource: 'documented' | 'default';
  /** The budget this action draws from: the action name, or `messaging` for the four that share 500/s. */
  rateGroup: string;
  /**
   * A second, stricter budget for the calls in which `param` equals `equals` (GetRoomOnlineUsers 2023-11-01:
   * Property=true, 1/s against 40/s). Such a call draws from both budgets.
   */
  conditionalRate?: { param: string; equals: boolean | number | string; qps: number; rateGroup: string };
  /** JSON Schema (TypeBox) of the params object; field constraints (required, enums, ranges, ID rule) included. */
  params: TObject;
  /** JSON Schema of `Result`. */
  result: TSchema;
  /** Dotted paths of fields bound by the ID rule, e.g. `RoomId`, `TargetStreams.StreamList[].UserId`. */
  idFields: readonly string[];
  /** Where the facts came from (doc URL / SDK path). */
  source: string;
}

/** A problem with one field of a request; `field` is a dotted path such as `TargetStreams.StreamList[0].UserId`. */
export interface ValidationIssue {
  field: string;
  /** A catalog code: `MissingParameter` for an absent required field, `InvalidParameter` (or a finer code) otherwise. */
  code: ErrorCode;
  message: string;
}

export type RetryClass = 'never' | 'safe' | 'throttled';

export interface ErrorInfo {
  code: string;
  /** Gateway codes only (section 3.2). */
  codeN?: number;
  /** HTTP status used by versions 2023-07-20 and later, and always by gateway codes. */
  httpStatus: number;
  kind: 'gateway' | 'business';
  retry: RetryClass;
  description: string;
}

export interface ApiErrorBody {
  Code: string;
  Message: string;
  CodeN?: number;
}

export interface ResponseMetadata {
  RequestId: string;
  Action: string;
  Version: string;
  Service: string;
  Region: string;
  Error?: ApiErrorBody;
}

export interface Envelope<R = unknown> {
  ResponseMetadata: ResponseMetadata;
  Result?: R;
}
