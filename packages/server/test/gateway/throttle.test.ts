import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { getActionSpec } from '@rtc-openapi/api';
import { call, codeOf, startGateway, testKey, type Gateway, type TestKey } from './gateway-harness.js';

// The clock stands still, so no budget refills during a test: exactly `qps` requests pass.
const NOW = Date.parse('2024-05-20T08:30:00Z');
const date = new Date(NOW);

describe('throttle stage', () => {
  let gateway: Gateway;
  let main: TestKey;
  let sub: TestKey;
  let other: TestKey;
  before(async () => {
    gateway = await startGateway({ clock: () => NOW });
    main = gateway.identity.addKey(testKey('2100000001'));
    sub = gateway.identity.addKey(testKey('2100000001', 'sub'));
    other = gateway.identity.addKey(testKey('2100000002'));
    gateway.identity.appOwners.set('app-one', '2100000001');
    gateway.identity.appOwners.set('app-two', '2100000001');
    gateway.identity.appOwners.set('app-other', '2100000002');
  });
  after(() => gateway.close());

  it('lets the catalog QPS through per account and action, then answers 429 FlowLimitExceeded.QPSOverLimit', async () => {
    const qps = getActionSpec('ListApps', '2023-11-01')!.qps;
    const codes: string[] = [];
    for (let i = 0; i < qps; i++) {
      codes.push(
        codeOf(await call(gateway.url, { action: 'ListApps', version: '2023-11-01', body: {}, key: main, date })),
      );
    }
    assert.deepEqual(codes.slice(0, qps), Array(qps).fill('OK'));
    const over = await call(gateway.url, { action: 'ListApps', version: '2023-11-01', body: {}, key: main, date });
    assert.equal(over.status, 429);
    // With the clock standing still the budget refills in 1/qps s: Retry-After rounds that up to whole seconds.
    assert.equal(over.headers.get('retry-after'), '1');
    assert.equal(codeOf(over), 'FlowLimitExceeded.QPSOverLimit');
    assert.match(over.json.ResponseMetadata.Error!.Message, new RegExp(`${qps} requests per second`));
    // Every version and every user of the account share the budget; before 2023-07-20 the status is 200 (§1.3).
    const legacy = await call(gateway.url, { action: 'ListApps', version: '2020-12-01', body: {}, key: sub, date });
    assert.deepEqual([legacy.status, codeOf(legacy)], [200, 'FlowLimitExceeded.QPSOverLimit']);
    // Another account has its own budget; another action of the same account too.
    assert.equal(
      codeOf(await call(gateway.url, { action: 'ListApps', version: '2023-11-01', body: {}, key: other, date })),
      'OK',
    );
    assert.equal(
      codeOf(
        await call(gateway.url, {
          action: 'ListRooms',
          version: '2020-12-01',
          query: { AppId: 'app-one' },
          key: main,
          date,
        }),
      ),
      'OK',
    );
  });

  it('shares one budget across all AppIds of the account', async () => {
    const spec = getActionSpec('ModifyAppStatus', '2023-11-01')!;
    let passed = 0;
    for (let i = 0; i < spec.qps + 4; i++) {
      const appId = i % 2 === 0 ? 'app-one' : 'app-two';
      const r = await call(gateway.url, {
        action: 'ModifyAppStatus',
        version: '2023-11-01',
        body: { AppId: appId, Status: 1 },
        key: main,
        date,
      });
      if (codeOf(r) !== 'FlowLimitExceeded.QPSOverLimit') passed++;
    }
    assert.equal(passed, spec.qps);
  });

  it('applies an account override from identity', async () => {
    const account = testKey('2100000003');
    gateway.identity.addKey(account);
    gateway.identity.overrides.set('2100000003', { CreateApp: 2 });
    const codes: string[] = [];
    for (let i = 0; i < 3; i++) {
      codes.push(
        codeOf(
          await call(gateway.url, {
            action: 'CreateApp',
            version: '2023-11-01',
            body: { AppName: 'a' },
            key: account,
            date,
          }),
        ),
      );
    }
    assert.deepEqual(codes, ['OK', 'OK', 'FlowLimitExceeded.QPSOverLimit']);
  });

  it('holds GetRoomOnlineUsers with Property=true to its own 1/s, on top of the action budget of 40/s', async () => {
    const spec = getActionSpec('GetRoomOnlineUsers', '2023-11-01')!;
    assert.deepEqual(
      [spec.qps, spec.conditionalRate?.qps, spec.conditionalRate?.param, spec.conditionalRate?.equals],
      [40, 1, 'Property', true],
    );
    const account = testKey('2100000004');
    gateway.identity.addKey(account);
    gateway.identity.appOwners.set('app-four', '2100000004');
    const online = (query: Record<string, string>) =>
      call(gateway.url, {
        action: 'GetRoomOnlineUsers',
        version: '2023-11-01',
        query: { AppId: 'app-four', RoomId: 'room-1', ...query },
        key: account,
        date,
      });
    assert.equal(codeOf(await online({ Property: 'true' })), 'OK', 'the first detailed call passes');
    const over = await online({ Property: 'true' });
    assert.equal(codeOf(over), 'FlowLimitExceeded.QPSOverLimit');
    assert.match(over.json.ResponseMetadata.Error!.Message, /GetRoomOnlineUsers with Property=true is limited to 1 /);
    // Plain calls keep their 40/s: each of these draws only from it (the two above drew one each too).
    const plain: string[] = [];
    for (let i = 0; i < 38; i++) plain.push(codeOf(await online(i % 2 === 0 ? {} : { Property: 'false' })));
    assert.deepEqual(plain, Array(38).fill('OK'));
    assert.equal(codeOf(await online({})), 'FlowLimitExceeded.QPSOverLimit', 'then the action budget is spent');
  });
});

describe('throttle stage: the messaging group and the scale', () => {
  it('makes the four messaging actions draw from one budget, multiplied by the scale', async () => {
    const gateway = await startGateway({ clock: () => NOW, rateLimitScale: 0.01 });
    try {
      const key = gateway.identity.addKey(testKey('2100000004'));
      gateway.identity.appOwners.set('app-m', '2100000004');
      // 500/s x 0.01 = 5 requests, whichever of the four actions sends them.
      const message = { AppId: 'app-m', RoomId: 'r1', From: 'server', To: 'u1', Message: 'hi', Binary: false };
      const actions = [
        'SendUnicast',
        'SendRoomUnicast',
        'SendBroadcast',
        'BatchSendRoomUnicast',
        'SendUnicast',
        'SendBroadcast',
      ];
      const codes: string[] = [];
      for (const action of actions) {
        const body = action === 'BatchSendRoomUnicast' ? { ...message, To: ['u1'] } : message;
        codes.push(codeOf(await call(gateway.url, { action, version: '2023-07-20', body, key, date })));
      }
      assert.equal(codes.filter((c) => c === 'FlowLimitExceeded.QPSOverLimit').length, 1, codes.join(', '));
      assert.equal(codes.at(-1), 'FlowLimitExceeded.QPSOverLimit');
    } finally {
      await gateway.close();
    }
  });
});
