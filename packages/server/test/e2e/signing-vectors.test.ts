// The signing vectors' server_acceptance, presign_acceptance and server_rejection requests, replayed byte for byte
// over HTTP (their own Host, headers and body) against the whole server, with the server's clock set to each vector's
// server_now.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { getActionSpec } from '@rtc-openapi/api';
import { seedAccount, startServer, newDataDir, type RunningServer } from './e2e-server.js';

interface ServerVector {
  id: string;
  request: {
    method: string;
    url: string;
    headers: Record<string, string>;
    body?: string | null;
    body_generator?: { repeat: string; times: number };
  };
  server_now: string;
  reference_verifier_code?: string;
  secret_override?: Record<string, string>;
}

const vectors = JSON.parse(
  readFileSync(new URL('../../../../fixtures/vectors/signing.json', import.meta.url), 'utf8'),
) as {
  secret_for_access_key: Record<string, string>;
  server_acceptance: ServerVector[];
  server_rejection: ServerVector[];
  presign_acceptance: ServerVector[];
};

/** Every code the authenticate stage answers with. */
const AUTH_CODES = new Set([
  'MissingAuthenticationToken',
  'MissingSignature',
  'MissingRequestInfo',
  'InvalidAuthorization',
  'InvalidCredential',
  'InvalidAccessKey',
  'InvalidSecretToken',
  'InvalidTimestamp',
  'ServiceNotFound',
  'SignatureDoesNotMatch',
]);

/** The vectors' verifier reasons, in gateway codes. */
const REJECTION_CODES: Record<string, string> = {
  SignatureDoesNotMatch: 'SignatureDoesNotMatch',
  RequestExpired: 'InvalidTimestamp',
  ScopeDateMismatch: 'InvalidCredential',
  InvalidAuthorization: 'InvalidAuthorization',
};

const TEMPORARY_KEY_LIFETIME_MS = 24 * 3600 * 1000;

function bodyOf(vector: ServerVector): string {
  const g = vector.request.body_generator;
  return g ? g.repeat.repeat(g.times) : (vector.request.body ?? '');
}

/**
 * What the protocol stage answers before any signature is looked at: the API lives at `/`, the action-version must
 * be catalogued and called with its method. Undefined when the request reaches the authenticate stage.
 */
function protocolAnswer(vector: ServerVector): string | undefined {
  const [path, query = ''] = vector.request.url.split('?') as [string, string?];
  if (path !== '/') return 'InvalidActionOrVersion';
  const params = new URLSearchParams(query);
  const action = params.get('Action');
  const version = params.get('Version');
  if (!action || !version) return 'MissingParameter';
  const spec = getActionSpec(action, version);
  if (!spec) return 'InvalidActionOrVersion';
  if (spec.method !== vector.request.method) return 'MethodNotAllowed';
  return undefined;
}

function replay(url: string, vector: ServerVector): Promise<{ status: number; code: string; text: string }> {
  const { hostname, port } = new URL(url);
  const body = bodyOf(vector);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: hostname,
        port,
        method: vector.request.method,
        path: vector.request.url,
        headers: { ...vector.request.headers, connection: 'close' },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          const envelope = JSON.parse(text) as { ResponseMetadata: { Error?: { Code: string } } };
          resolve({ status: res.statusCode!, code: envelope.ResponseMetadata.Error?.Code ?? 'OK', text });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('signing vectors replayed over HTTP', () => {
  let now = 0;
  let running: RunningServer;
  before(async () => {
    const dataDir = newDataDir();
    const keys = Object.entries(vectors.secret_for_access_key)
      .filter(([id]) => id.startsWith('AKLT'))
      .map(([accessKeyId, secretAccessKey]) => ({ accessKeyId, secretAccessKey }));
    // The temporary (STS) key, issued with the session token the accepted vectors carry, valid for a day after the
    // earliest of their times (all of them fall in it; a test below asserts that).
    const issuedAt = new Date(temporaryKeyIssuedAt());
    const temporaryKeys = Object.entries(vectors.secret_for_access_key)
      .filter(([id]) => id.startsWith('AKTP'))
      .map(([accessKeyId, secretAccessKey]) => ({
        accessKeyId,
        secretAccessKey,
        sessionToken: sessionTokenOf(accessKeyId),
        expiresAt: new Date(issuedAt.getTime() + TEMPORARY_KEY_LIFETIME_MS),
      }));
    assert.equal(temporaryKeys.length, 1, 'the vectors hold one temporary key');
    await seedAccount(dataDir, { accountId: '2100000042', keys, temporaryKeys, now: issuedAt });
    running = await startServer({ dataDir, clock: () => now, rateLimitScale: 100 });
  });
  after(async () => {
    await running.close();
    running.removeData();
  });

  it('covers every temporary-key vector with the seeded key (same token, within its lifetime)', () => {
    const issuedAt = temporaryKeyIssuedAt();
    const temporary = vectors.server_acceptance.filter((v) => accessKeyOf(v)?.startsWith('AKTP'));
    assert.ok(temporary.length >= 5, `only ${temporary.length} STS vectors`);
    for (const vector of temporary) {
      assert.equal(vector.request.headers['x-security-token'], sessionTokenOf(accessKeyOf(vector)!), vector.id);
      assert.ok(Date.parse(vector.server_now) < issuedAt + TEMPORARY_KEY_LIFETIME_MS, vector.id);
    }
  });

  for (const vector of vectors.server_acceptance) {
    it(`accepts ${vector.id}`, async () => {
      now = Date.parse(vector.server_now);
      const answer = await replay(running.url, vector);
      const expected = protocolAnswer(vector) ?? scopeAnswer(vector);
      if (expected) {
        assert.equal(answer.code, expected, answer.text);
      } else {
        assert.ok(!AUTH_CODES.has(answer.code), `authentication refused it: ${answer.text}`);
      }
      assert.ok(answer.status < 500, answer.text);
    });
  }

  for (const vector of vectors.presign_acceptance) {
    it(`accepts the presigned URL ${vector.id}`, async () => {
      now = Date.parse(vector.server_now);
      const query = new URLSearchParams(vector.request.url.split('?')[1]);
      const token = query.get('X-Security-Token');
      if (token !== null) assert.equal(token, sessionTokenOf(query.get('X-Credential')!.split('/')[0]!));
      const answer = await replay(running.url, vector);
      const expected = protocolAnswer(vector);
      if (expected) assert.equal(answer.code, expected, answer.text);
      else assert.ok(!AUTH_CODES.has(answer.code), `authentication refused it: ${answer.text}`);
      assert.ok(answer.status < 500, answer.text);
    });
  }

  for (const vector of vectors.server_rejection.filter((v) => !v.secret_override)) {
    it(`rejects ${vector.id}`, async () => {
      now = Date.parse(vector.server_now);
      const answer = await replay(running.url, vector);
      const expected =
        protocolAnswer(vector) ?? scopeAnswer(vector) ?? REJECTION_CODES[vector.reference_verifier_code ?? ''];
      assert.ok(expected, `no expectation for ${vector.reference_verifier_code}`);
      assert.equal(answer.code, expected, answer.text);
    });
  }
});

describe('signing vectors replayed over HTTP: the server knows another secret', () => {
  for (const vector of vectors.server_rejection.filter((v) => v.secret_override)) {
    it(`rejects ${vector.id}`, async () => {
      const dataDir = newDataDir();
      const keys = Object.entries(vector.secret_override!).map(([accessKeyId, secretAccessKey]) => ({
        accessKeyId,
        secretAccessKey,
      }));
      await seedAccount(dataDir, { accountId: '2100000043', keys });
      const running = await startServer({ dataDir, clock: () => Date.parse(vector.server_now) });
      try {
        const answer = await replay(running.url, vector);
        assert.equal(answer.code, REJECTION_CODES[vector.reference_verifier_code!], answer.text);
      } finally {
        await running.close();
        running.removeData();
      }
    });
  }
});

/**
 * What the authenticate stage answers from the credential scope alone: another service's scope is ServiceNotFound
 * (this endpoint serves rtc).
 */
function scopeAnswer(vector: ServerVector): string | undefined {
  const credential = /Credential=([^/]+)\/[^/]+\/[^/]+\/([^/]+)\//.exec(vector.request.headers.authorization ?? '');
  if (!credential) return undefined;
  if (credential[2] !== 'rtc') return 'ServiceNotFound';
  return undefined;
}

function temporaryKeyIssuedAt(): number {
  const temporary = vectors.server_acceptance.filter((v) => accessKeyOf(v)?.startsWith('AKTP'));
  return Math.min(...temporary.map((v) => Date.parse(v.server_now)));
}

function accessKeyOf(vector: ServerVector): string | undefined {
  return /Credential=([^/]+)\//.exec(vector.request.headers.authorization ?? '')?.[1];
}

/** The session token the accepted vectors signed with this temporary key (one per key in the fixture). */
function sessionTokenOf(accessKeyId: string): string {
  const tokens = new Set(
    vectors.server_acceptance
      .filter((v) => accessKeyOf(v) === accessKeyId)
      .map((v) => v.request.headers['x-security-token'])
      .filter((token): token is string => token !== undefined),
  );
  assert.equal(tokens.size, 1, `the accepted vectors of ${accessKeyId} carry one session token`);
  return [...tokens][0]!;
}
