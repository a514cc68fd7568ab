// Temporary (STS) credentials issued through the admin API, used over the wire: accepted with their session token
// until they expire, refused with InvalidSecretToken (HTTP 401) without it, with another one, or after expiry.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RtcClient } from '@rtc-openapi/client';
import { presignUrl, signRequest, type Credentials } from '@rtc-openapi/signer';
import { startServer, type RunningServer } from './e2e-server.js';

const ADMIN_TOKEN = 'admin-token-for-sts-tests-0123456789';

interface Issued {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiresAt: string;
}

interface Answer {
  status: number;
  code: string;
  message: string;
}

describe('temporary credentials over the wire', () => {
  let running: RunningServer;
  /** The server's clock runs this far ahead of real time (to reach an expiry without waiting). */
  let clockOffsetMs = 0;
  let issued: Issued;
  let longTerm: { accessKeyId: string; secretAccessKey: string };

  before(async () => {
    // rateLimitScale: the clock jumps ahead here, which a token bucket would read as a burst.
    running = await startServer({
      adminToken: ADMIN_TOKEN,
      rateLimitScale: 100,
      clock: () => Date.now() + clockOffsetMs,
    });
    const account = (await admin('POST', '/accounts', { rtcEnabled: true })) as { accountId: string };
    issued = (await admin('POST', `/accounts/${account.accountId}/temporary-keys`, { ttlSeconds: 600 })) as Issued;
    longTerm = (await admin('POST', `/accounts/${account.accountId}/keys`)) as typeof longTerm;
  });
  after(async () => {
    await running.close();
    running.removeData();
  });

  async function admin(method: string, path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${running.url}/admin${path}`, {
      method,
      headers: {
        authorization: `Bearer ${ADMIN_TOKEN}`,
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const json: unknown = await response.json();
    assert.ok(response.ok, JSON.stringify(json));
    return json;
  }

  /** ListApps signed with these credentials at the server's current time. */
  async function listApps(credentials: Credentials): Promise<Answer> {
    const body = '{}';
    const signed = signRequest(
      {
        method: 'POST',
        path: '/',
        query: { Action: 'ListApps', Version: '2023-11-01' },
        headers: { 'content-type': 'application/json', host: new URL(running.url).host },
        body,
      },
      credentials,
      { region: 'cn-north-1', service: 'rtc', date: new Date(Date.now() + clockOffsetMs) },
    );
    const response = await fetch(`${running.url}/?${signed.queryString}`, {
      method: 'POST',
      headers: signed.headers,
      body,
    });
    return answerOf(response);
  }

  async function answerOf(response: Response): Promise<Answer> {
    const envelope = (await response.json()) as {
      ResponseMetadata: { Error?: { Code: string; Message: string } };
    };
    const error = envelope.ResponseMetadata.Error;
    return { status: response.status, code: error?.Code ?? 'OK', message: error?.Message ?? '' };
  }

  function assertRefused(answer: Answer, message: RegExp): void {
    assert.equal(answer.code, 'InvalidSecretToken', answer.message);
    assert.equal(answer.status, 401);
    assert.match(answer.message, message);
    assert.ok(!answer.message.includes(issued.sessionToken), 'the message shows no token');
  }

  it('accepts the triple, through the client SDK too', async () => {
    assert.match(issued.accessKeyId, /^AKTP/);
    assert.equal((await listApps(issued)).code, 'OK');
    const client = new RtcClient({
      endpoint: running.url,
      accessKeyId: issued.accessKeyId,
      secretAccessKey: issued.secretAccessKey,
      sessionToken: issued.sessionToken,
      throttle: false,
      retry: false,
    });
    try {
      const result = await client.call('ListApps', {});
      assert.ok(result !== undefined);
    } finally {
      await client.close();
    }
  });

  it('accepts a presigned URL carrying the token, refuses one carrying another', async () => {
    const presign = (credentials: Credentials) =>
      presignUrl(
        {
          method: 'GET',
          path: '/',
          query: { Action: 'GetRecordTask', Version: '2022-06-01', AppId: 'app', RoomId: 'r', TaskId: 't' },
          headers: { host: new URL(running.url).host },
        },
        credentials,
        { region: 'cn-north-1', service: 'rtc', date: new Date(Date.now() + clockOffsetMs) },
      ).queryString;
    const good = await answerOf(await fetch(`${running.url}/?${presign(issued)}`));
    assert.notEqual(good.code, 'InvalidSecretToken', good.message);
    assert.ok(!['InvalidAccessKey', 'SignatureDoesNotMatch'].includes(good.code), good.message);
    const wrong = await answerOf(
      await fetch(`${running.url}/?${presign({ ...issued, sessionToken: 'STSnotIssued' })}`),
    );
    assertRefused(wrong, /not the one issued/);
  });

  it('refuses the key without its session token', async () => {
    const { sessionToken: _omitted, ...withoutToken } = issued;
    assertRefused(await listApps(withoutToken), /must carry its session token/);
  });

  it('refuses another session token, even a correctly signed one', async () => {
    assertRefused(await listApps({ ...issued, sessionToken: `${issued.sessionToken}x` }), /not the one issued/);
    assertRefused(await listApps({ ...issued, sessionToken: longTerm.secretAccessKey }), /not the one issued/);
  });

  it('keeps accepting a long-term key that sends a token (as the official verifier does)', async () => {
    assert.equal((await listApps({ ...longTerm, sessionToken: 'STSanything' })).code, 'OK');
  });

  it('refuses the key once it has expired, and never logs the token', async () => {
    // Eleven minutes ahead: past the 10-minute lifetime, within the signature's 15 minutes of allowed skew.
    clockOffsetMs = 660_000;
    try {
      assertRefused(await listApps(issued), /expired at /);
      assert.equal((await listApps(longTerm)).code, 'OK', 'the clock moved, the signatures still verify');
    } finally {
      clockOffsetMs = 0;
    }
    const log = running.logText();
    assert.ok(log.includes('InvalidSecretToken'), 'the refusals are logged');
    assert.ok(!log.includes(issued.sessionToken) && !log.includes(issued.secretAccessKey));
  });
});
