import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { AccessToken } from '@rtc-openapi/client';
import { cleanEnv, runCli } from '../support/run-cli.js';

interface SigningVector {
  id: string;
  input: {
    method: string;
    path: string;
    query_pairs: Array<[string, string]>;
    headers: Record<string, string>;
    body: string | null;
    access_key_id: string;
    secret_access_key: string;
    region: string;
    service: string;
    date: string;
  };
  expected: { signed_headers: string; canonical_request: string; string_to_sign: string; signature: string };
}

const fixtures = new URL('../../../../fixtures/vectors/', import.meta.url);
const signing = JSON.parse(readFileSync(new URL('signing.json', fixtures), 'utf8')) as {
  client_vectors: SigningVector[];
};
const tokens = JSON.parse(readFileSync(new URL('token.json', fixtures), 'utf8')) as {
  tokens: Array<{ input: Record<string, string | number>; token: string }>;
};

describe('rtc-openapi sign', () => {
  for (const id of ['get_doc_example_with_host_and_content_type', 'post_json_startrecord']) {
    test(`reproduces the official vector ${id}`, async () => {
      const { input, expected } = signing.client_vectors.find((v) => v.id === id)!;
      const query = new URLSearchParams(input.query_pairs).toString();
      const host = Object.entries(input.headers).find(([name]) => name.toLowerCase() === 'host')?.[1];
      const args = [
        'sign',
        '--json',
        '--url',
        `https://${host ?? 'rtc.volcengineapi.com'}${input.path}?${query}`,
        '--method',
        input.method,
        '--date',
        input.date,
        '--region',
        input.region,
        '--service',
        input.service,
        '--signed-headers',
        expected.signed_headers,
      ];
      for (const [name, value] of Object.entries(input.headers)) {
        if (name.toLowerCase() !== 'host') args.push('--header', `${name}: ${value}`);
      }
      if (input.body !== null) args.push('--body', input.body);
      const result = await runCli(args, {
        env: cleanEnv({ VOLC_ACCESSKEY: input.access_key_id, VOLC_SECRETKEY: input.secret_access_key }),
      });
      assert.equal(result.code, 0, result.stderr);
      const output = JSON.parse(result.stdout) as { canonicalRequest: string; stringToSign: string; signature: string };
      assert.equal(output.canonicalRequest, expected.canonical_request);
      assert.equal(output.stringToSign, expected.string_to_sign);
      assert.equal(output.signature, expected.signature);
      assert.ok(!result.stdout.includes(input.secret_access_key));
    });
  }

  test('a table for people, with the sections to compare', async () => {
    const result = await runCli(
      [
        'sign',
        '--format',
        'table',
        '--url',
        'https://rtc.volcengineapi.com/?Action=ListApps&Version=2023-11-01',
        '--method',
        'POST',
        '--body',
        '{}',
      ],
      { env: cleanEnv({ VOLC_ACCESSKEY: 'AK', VOLC_SECRETKEY: 'SK' }) },
    );
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^canonical request\n-+\nPOST\n\/\nAction=ListApps&Version=2023-11-01\n/);
    assert.match(result.stdout, /^string to sign\n-+\nHMAC-SHA256\n/m);
    assert.match(result.stdout, /^signature:\s+[0-9a-f]{64}$/m);
  });

  test('a bad --date is refused by name', async () => {
    const result = await runCli(['sign', '--url', 'https://h/?a=b', '--date', 'yesterday'], {
      env: cleanEnv({ VOLC_ACCESSKEY: 'AK', VOLC_SECRETKEY: 'SK' }),
    });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--date yesterday/);
  });

  test('an X-Date that is no real date is refused, not rolled over into another one', async () => {
    for (const date of ['20241332T250000Z', '20230229T000000Z', '20240101T126000Z']) {
      const result = await runCli(['sign', '--url', 'https://h/?a=b', '--date', date], {
        env: cleanEnv({ VOLC_ACCESSKEY: 'AK', VOLC_SECRETKEY: 'SK' }),
      });
      assert.equal(result.code, 2, date);
      assert.match(result.stderr, new RegExp(`--date ${date}: not a real date`));
      assert.equal(result.stdout, '');
    }
    const leap = await runCli(['sign', '--url', 'https://h/?a=b', '--date', '20240229T235959Z', '--format', 'json'], {
      env: cleanEnv({ VOLC_ACCESSKEY: 'AK', VOLC_SECRETKEY: 'SK' }),
    });
    assert.equal(leap.code, 0, leap.stderr);
    assert.equal((JSON.parse(leap.stdout) as { xDate: string }).xDate, '20240229T235959Z');
  });

  test('an ISO 8601 date needs the strict form with a zone and a real date; the zone is applied', async () => {
    const env = cleanEnv({ VOLC_ACCESSKEY: 'AK', VOLC_SECRETKEY: 'SK' });
    for (const date of [
      '1',
      'Jan 1 2024',
      '2024-01-01',
      '2024-02-30T00:00:00Z',
      '2024-01-01T24:00:00Z',
      '2024-01-01T08:00:00+24:00',
      '2024-01-01T08:00:00',
    ]) {
      const result = await runCli(['sign', '--url', 'https://h/?a=b', '--date', date], { env });
      assert.equal(result.code, 2, date);
      assert.match(result.stderr, /expected a real date and time/, date);
      assert.equal(result.stdout, '', date);
    }
    for (const [date, xDate] of [
      ['2024-01-01T08:00:00+08:00', '20240101T000000Z'],
      ['2023-12-31T19:30:00.250-04:30', '20240101T000000Z'],
      ['2024-02-29T23:59:59Z', '20240229T235959Z'],
    ] as const) {
      const result = await runCli(['sign', '--url', 'https://h/?a=b', '--date', date, '--format', 'json'], { env });
      assert.equal(result.code, 0, result.stderr);
      assert.equal((JSON.parse(result.stdout) as { xDate: string }).xDate, xDate, date);
    }
  });
});

describe('rtc-openapi token', () => {
  test('reproduces the official token vector byte for byte', async () => {
    const vector = tokens.tokens[1]!; // subscribe only, privileges expiring with the token
    const { appId, appKey, roomId, userId, nonce, issuedAt, expireAt } = vector.input;
    const result = await runCli([
      'token',
      '--app-id',
      String(appId),
      '--app-key',
      String(appKey),
      '--room',
      String(roomId),
      '--user',
      String(userId),
      '--privileges',
      'subscribe',
      '--issued-at',
      String(issuedAt),
      '--expire',
      String(Number(expireAt) - Number(issuedAt)),
      '--nonce',
      String(nonce),
      '--token-only',
    ]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout.trim(), vector.token);
  });

  test('piped JSON; the AppKey from RTC_APP_KEY; the token verifies and never contains the key', async () => {
    const result = await runCli(
      ['token', '--app-id', 'a'.repeat(24), '--room', 'room1', '--user', 'u1', '--expire', '600'],
      { env: cleanEnv({ RTC_APP_KEY: 'app-key-from-env' }) },
    );
    assert.equal(result.code, 0, result.stderr);
    const output = JSON.parse(result.stdout) as {
      token: string;
      expireAt: number;
      issuedAt: number;
      privilegeNames: string[];
    };
    assert.equal(output.expireAt - output.issuedAt, 600);
    assert.deepEqual(output.privilegeNames, [
      'PublishStream',
      'PublishAudioStream',
      'PublishVideoStream',
      'PublishDataStream',
      'SubscribeStream',
    ]);
    assert.equal(AccessToken.verify(output.token, 'app-key-from-env').ok, true);
    assert.ok(!result.stdout.includes('app-key-from-env'));
  });

  test('bad input is named: unknown privilege, short AppId, no AppKey', async () => {
    const base = ['token', '--app-key', 'k', '--room', 'r', '--user', 'u'];
    const privilege = await runCli([...base, '--app-id', 'a'.repeat(24), '--privileges', 'fly']);
    assert.equal(privilege.code, 2);
    assert.match(privilege.stderr, /unknown privilege fly/);
    const appId = await runCli([...base, '--app-id', 'short']);
    assert.equal(appId.code, 2);
    assert.match(appId.stderr, /field: appId/);
    const noKey = await runCli(['token', '--app-id', 'a'.repeat(24), '--room', 'r', '--user', 'u']);
    assert.equal(noKey.code, 2);
    assert.match(noKey.stderr, /no AppKey: pass --app-key or set RTC_APP_KEY/);
  });
});
