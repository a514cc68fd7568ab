export type {
  ActionArea,
  ActionSpec,
  ApiErrorBody,
  Envelope,
  ErrorInfo,
  HttpMethod,
  ResponseMetadata,
  RetryClass,
  ValidationIssue,
} from './spec.js';
export {
  actionNames,
  actionSpecs,
  actionVersions,
  getActionSpec,
  isActionName,
  latestVersion,
} from './catalog/action-catalog.js';
export type {
  ActionName,
  ActionsOfArea,
  ActionVersion,
  LatestVersion,
  ParamsOf,
  ResultOf,
} from './catalog/action-types.js';
export { DEFAULT_QPS, MESSAGING_QPS, MESSAGING_RATE_GROUP } from './catalog/qps.js';
export { ID_MAX_LENGTH, ID_PATTERN, ID_PATTERN_SOURCE, isValidId } from './ids/id-rule.js';
export { parseRfc3339 } from './times/rfc3339.js';
export { validateParams, type ValidateOptions } from './validation/validate-params.js';
export { coerceQueryParams, type CoercedQuery, type QueryValues } from './validation/coerce-query-params.js';
export { errorCatalog, type ErrorCode } from './errors/error-catalog.js';
export {
  errorInfo,
  httpStatusFor,
  isErrorCode,
  retryClassOf,
  STATUS_CODES_SINCE_VERSION,
} from './errors/error-lookup.js';
export { RtcArgumentError } from './errors/rtc-argument-error.js';
export { buildErrorEnvelope, buildSuccessEnvelope, type EnvelopeMeta } from './envelope/build-envelope.js';
export { parseEnvelope, type ParsedEnvelope } from './envelope/parse-envelope.js';
export {
  PRESENCE_MAX_FRAME_BYTES,
  PRESENCE_MAX_MESSAGE_BYTES,
  PRESENCE_PATH,
  PRESENCE_PROTOCOL_VERSION,
  PresenceCloseCode,
  type PresenceCloseCodeValue,
  type PresenceErrorCode,
  type PresenceLeaveReason,
  type PresenceProtocolVersion,
} from './presence/presence-protocol.js';
export type {
  BannableMedia,
  ClientFrame,
  ClientFrameOf,
  ClientFrameType,
  DeviceInfo,
  FrameId,
  MediaFlags,
  MediaKind,
  StreamName,
} from './presence/client-frames.js';
export type {
  JoinedRoom,
  MessageKind,
  RemoteUser,
  ServerFrame,
  ServerFrameOf,
  ServerFrameType,
  StreamState,
} from './presence/server-frames.js';
export {
  decodeVoiceFrame,
  encodeVoiceFrame,
  encodeVoiceFrameRaw,
  VOICE_FRAME_MAGICS,
  type ControlCommand,
  type ConversationStageCode,
  type ConversationState,
  type DecodedVoiceFrame,
  type FunctionAnswer,
  type SpeechStandIn,
  type SubtitleLine,
  type SubtitleMessage,
  type ToolCallMessage,
  type VoiceFrameMagic,
  type VoiceFramePayloads,
} from './voice/voice-frames.js';
