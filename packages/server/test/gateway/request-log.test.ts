import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createLogger } from '../../src/observability/logger.js';
import { Writable } from 'node:stream';
import { call, startGateway, testKey, type Gateway, type TestKey } from './gateway-harness.js';

describe('the request log', () => {
  let gateway: Gateway;
  let key: TestKey;
  before(async () => {
    gateway = await startGateway({ handlers: { ListApps: () => ({ Total: 0 }) } });
    key = gateway.identity.addKey(testKey('2100000001', 'sub'));
  });
  after(() => gateway.close());

  it('writes one line per request: request id, account, user, action, version, code, latency', async () => {
    const r = await call(gateway.url, { action: 'ListApps', version: '2023-11-01', body: {}, key });
    const lines = gateway.logLines().filter((l) => l.requestId === r.json.ResponseMetadata.RequestId);
    assert.equal(lines.length, 1);
    const line = lines[0]!;
    assert.equal(line.msg, 'request');
    assert.equal(line.accountId, '2100000001');
    assert.equal(line.userId, '2100000001-sub');
    assert.equal(line.action, 'ListApps');
    assert.equal(line.version, '2023-11-01');
    assert.equal(line.code, 'OK');
    assert.equal(line.status, 200);
    assert.equal(typeof line.latencyMs, 'number');
  });

  it('logs failed calls too, with their code', async () => {
    const r = await call(gateway.url, {
      action: 'ListApps',
      version: '2023-11-01',
      body: {},
      key: { ...key, secretAccessKey: 'x' },
    });
    const line = gateway.logLines().find((l) => l.requestId === r.json.ResponseMetadata.RequestId)!;
    assert.equal(line.code, 'SignatureDoesNotMatch');
    assert.equal(line.accountId, undefined);
  });

  it('never writes a secret, a signature or an Authorization header', async () => {
    await call(gateway.url, { action: 'ListApps', version: '2023-11-01', body: {}, key });
    const text = gateway.logText();
    assert.ok(!text.includes(key.secretAccessKey));
    assert.doesNotMatch(text, /Signature=|HMAC-SHA256|authorization/i);
  });

  it('redacts secrets even when code logs a whole object carrying them', () => {
    let text = '';
    const logger = createLogger({
      destination: new Writable({
        write(chunk: Buffer, _e, done) {
          text += chunk.toString();
          done();
        },
      }),
    });
    logger.info({
      headers: { authorization: 'HMAC-SHA256 Credential=AK/x, Signature=abc', 'x-security-token': 'sts-token' },
      key: { secretAccessKey: 'sk-123', AppKey: 'appkey-456' },
      token: 'join-token-789',
      SecretAccessKey: 'sk-top',
    });
    for (const secret of ['Signature=abc', 'sts-token', 'sk-123', 'appkey-456', 'join-token-789', 'sk-top']) {
      assert.ok(!text.includes(secret), `${secret} leaked: ${text}`);
    }
    assert.match(text, /\[redacted\]/);
  });
});
