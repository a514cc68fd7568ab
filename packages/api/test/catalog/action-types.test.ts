// Type-level checks (the type check of `npm test` fails when they break) plus a runtime check of the same facts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  getActionSpec,
  validateParams,
  type ActionVersion,
  type LatestVersion,
  type ParamsOf,
  type ResultOf,
} from '../../src/index.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const expectType = <T extends true>(): T => true as T;

describe('action types', () => {
  it('derive params and results per version, the newest by default', () => {
    expectType<Equal<LatestVersion<'StartRecord'>, '2023-11-01'>>();
    expectType<Equal<ActionVersion<'BanRoomUser'>, '2020-12-01' | '2023-11-01'>>();
    expectType<Equal<ParamsOf<'StartRecord'>, ParamsOf<'StartRecord', '2023-11-01'>>>();
    expectType<Equal<ParamsOf<'BanUserStream', '2020-12-01'>['Token'], string>>();
    expectType<Equal<ResultOf<'StartRecord', '2023-11-01'>, string>>();
    expectType<Equal<ResultOf<'BanRoomUser', '2020-12-01'>, { message?: string }>>();
    expectType<Equal<NonNullable<ParamsOf<'StartRecord'>['Layout']>['LayoutMode'], 0 | 1 | 2 | 3 | undefined>>();

    const params: ParamsOf<'BanRoomUser', '2023-11-01'> = {
      AppId: 'a',
      RoomId: 'r',
      ForbiddenInterval: 60,
      IP: '1.2.3.4',
    };
    // @ts-expect-error BanUserStream 2023-11-01 has no Token and requires RoomId and UserId
    const wrong: ParamsOf<'BanUserStream'> = { AppId: 'a', Token: 't' };
    // @ts-expect-error 2019-01-01 is not a version of StartRecord
    type _NoSuchVersion = ParamsOf<'StartRecord', '2019-01-01'>;

    assert.equal(validateParams(getActionSpec('BanRoomUser', '2023-11-01')!, params), undefined);
    assert.equal(validateParams(getActionSpec('BanUserStream', '2023-11-01')!, wrong)?.field, 'RoomId');
  });
});
