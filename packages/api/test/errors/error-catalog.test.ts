import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  errorCatalog,
  errorInfo,
  httpStatusFor,
  isErrorCode,
  retryClassOf,
  RtcArgumentError,
  type ErrorCode,
} from '../../src/index.js';

const gatewayTable: Array<[string, number | undefined, number]> = [
  ['MissingParameter', 100002, 400],
  ['MissingAuthenticationToken', 100003, 401],
  ['MissingRequestInfo', 100004, 400],
  ['MissingSignature', 100005, 401],
  ['InvalidTimestamp', 100006, 400],
  ['ServiceNotFound', 100007, 404],
  ['InvalidActionOrVersion', 100008, 404],
  ['InvalidAccessKey', 100009, 401],
  ['SignatureDoesNotMatch', 100010, 401],
  ['LackPolicy', 100012, 403],
  ['AccessDenied', 100013, 403],
  ['InternalError', 100014, 500],
  ['FailToConnect', 100015, 502],
  ['InternalServiceTimeout', 100016, 504],
  ['InvalidAuthorization', undefined, 400],
  ['InvalidCredential', undefined, 400],
  ['InvalidSecretToken', undefined, 401],
  ['LackProjectPolicy', undefined, 403],
];

const businessCodes = [
  'InvalidParameter',
  'InvalidParameter.TaskAlreadyExists',
  'InvalidParameter.ErrorActiveTaskNotFound',
  'InvalidParameter.StartTimeAfterEndTime',
  'InvalidParameter.OutofTimeRange',
  'InvalidParameter.InvalidRtmpAddress',
  'InvalidParameter.IllegalRoomID',
  'InvalidParameter.BodyIsEmpty',
  'InvalidParameter.Unmarshal',
  'InvalidParameter.EmptyAccountId',
  'InvalidParameter.NotExistAppId',
  'InvalidParameter.IllegalAppId',
  'InvalidParameter.IllegalTo',
  'InvalidParameter.IllegalFrom',
  'InvalidParameter.SizeOverLimit',
  'InvalidParameter.UserCountOverLimit',
  'InvalidParameter.AccountIdMismatch',
  'MissingParameter.NoAppId',
  'MissingParameter.NoRoomId',
  'MissingParameter.NoUserId',
  'MissingParameter.NoToken',
  'FlowLimitExceeded.QPSOverLimit',
  'FlowLimitExceeded.TaskNumberOverLimit',
  'AccessDenied.RecordNotEnabled',
  'AccessDenied.NoPermissionForApp',
  'AccessDenied.ServiceNotEnabled',
  'Unauthorized',
  'UnknownAction',
  'UnknownVersion',
  'InternalError.GenerateTokenFailed',
  'InternalError.ReachRateLimit',
  'InternalError.Parallel',
  'InternalError.RPC',
  'InternalError.Unknown',
];

describe('error catalog', () => {
  it('lists every gateway code of §3.2 with its CodeN and HTTP status', () => {
    for (const [code, codeN, status] of gatewayTable) {
      const info = errorInfo(code);
      assert.ok(info, code);
      assert.equal(info.kind, 'gateway', code);
      assert.equal(info.codeN, codeN, code);
      assert.equal(info.httpStatus, status, code);
    }
  });

  it('lists every business code of §3.1 and our own codes', () => {
    for (const code of businessCodes) assert.equal(errorInfo(code)?.kind, 'business', code);
    assert.deepEqual([errorInfo('NotImplemented')?.httpStatus, retryClassOf('NotImplemented')], [501, 'never']);
    assert.equal(errorInfo('MethodNotAllowed')?.httpStatus, 405);
    assert.equal(errorInfo('RequestEntityTooLarge')?.httpStatus, 413);
    assert.equal(Object.keys(errorCatalog).length, gatewayTable.length + businessCodes.length + 3);
  });

  it('gives every code a status, a retry class, a description and its own name', () => {
    for (const [code, info] of Object.entries(errorCatalog)) {
      assert.equal(info.code, code);
      assert.ok(info.httpStatus >= 400 && info.httpStatus < 600, code);
      assert.ok(['never', 'safe', 'throttled'].includes(info.retry), code);
      assert.ok(info.description.length > 0, code);
      assert.ok(isErrorCode(code));
    }
  });

  it('classes retries: throttling, server failures, client mistakes', () => {
    const cases: Array<[ErrorCode | string, string]> = [
      ['FlowLimitExceeded.QPSOverLimit', 'throttled'],
      ['InternalError.ReachRateLimit', 'throttled'],
      ['InternalError.Unknown', 'safe'],
      ['InternalServiceTimeout', 'safe'],
      ['SignatureDoesNotMatch', 'never'],
      ['InvalidParameter.IllegalRoomID', 'never'],
      ['InternalError.SomethingNew', 'safe'],
      ['FlowLimitExceeded.SomethingNew', 'never'],
      ['TotallyUnknown', 'never'],
    ];
    for (const [code, retry] of cases) assert.equal(retryClassOf(code), retry, code);
  });

  it('maps statuses by version: business codes 200 before 2023-07-20, gateway codes always', () => {
    assert.equal(httpStatusFor('InvalidParameter', '2020-12-01'), 200);
    assert.equal(httpStatusFor('InvalidParameter', '2023-06-01'), 200);
    assert.equal(httpStatusFor('InvalidParameter', '2023-07-20'), 400);
    assert.equal(httpStatusFor('InvalidParameter', '2023-11-01'), 400);
    assert.equal(httpStatusFor('FlowLimitExceeded.QPSOverLimit', '2023-11-01'), 429);
    assert.equal(httpStatusFor('InvalidParameter.NotExistAppId', '2024-12-01'), 404);
    assert.equal(httpStatusFor('SignatureDoesNotMatch', '2020-12-01'), 401);
    assert.equal(httpStatusFor('NotImplemented', '2020-12-01'), 501);
    assert.equal(httpStatusFor('MethodNotAllowed', '2020-12-01'), 405);
    // unknown sub-codes behave as their family, as business codes
    assert.equal(httpStatusFor('InvalidParameter.New', '2023-11-01'), 400);
    assert.equal(httpStatusFor('MissingParameter.NoTaskId', '2020-12-01'), 200);
    assert.equal(httpStatusFor('MissingParameter.NoTaskId', '2023-11-01'), 400);
    assert.equal(httpStatusFor('Whatever', '2023-11-01'), 500);
  });

  it('throws RtcArgumentError for bad arguments and answers undefined for unknown codes', () => {
    assert.equal(errorInfo('NoSuchCode'), undefined);
    assert.equal(errorInfo('toString'), undefined);
    assert.throws(() => errorInfo(undefined as unknown as string), { name: 'RtcArgumentError', field: 'code' });
    assert.throws(() => retryClassOf(3 as unknown as string), RtcArgumentError);
    assert.throws(() => httpStatusFor('InvalidParameter', 'latest'), { field: 'version' });
    assert.throws(() => httpStatusFor('', '2023-11-01'), { field: 'code' });
  });
});
