import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { verifyRequest, verifyRequestEagerly } from '@rtc-openapi/signer';
import type { VerifyFailureCode } from '@rtc-openapi/signer';
import { vectors, vectorBody, type ServerCase } from './support/signing-vectors.js';

/** The vectors' reference verifier named some codes its own way; these are the gateway codes we answer instead. */
const EXPECTED_CODE: Record<string, VerifyFailureCode> = {
  SignatureDoesNotMatch: 'SignatureDoesNotMatch',
  RequestExpired: 'InvalidTimestamp',
  ScopeDateMismatch: 'InvalidCredential',
  InvalidAuthorization: 'InvalidAuthorization',
};

function verifyCase(c: ServerCase) {
  const secrets = { ...vectors.secret_for_access_key, ...c.secret_override };
  return verifyRequest(
    { method: c.request.method, url: c.request.url, headers: c.request.headers, body: vectorBody(c.request) ?? '' },
    { lookupSecret: (ak) => secrets[ak], now: new Date(c.server_now) },
  );
}

describe('verifyRequest accepts what the official SDKs send (server_acceptance)', () => {
  for (const c of vectors.server_acceptance) {
    it(c.id, async () => {
      const result = await verifyCase(c);
      assert.deepEqual(result.ok ? 'ok' : result, 'ok');
    });
  }
});

describe('verifyRequest accepts presigned URLs of every official SDK (presign_acceptance)', () => {
  for (const c of vectors.presign_acceptance) {
    it(c.id, async () => {
      const result = await verifyCase(c);
      assert.deepEqual(result.ok ? 'ok' : result, 'ok');
      assert.ok(result.ok && result.presigned);
    });
  }
});

describe('verifyRequest rejects tampered requests with the right code (server_rejection)', () => {
  for (const c of vectors.server_rejection) {
    it(`${c.id}: ${c.mutation}`, async () => {
      const result = await verifyCase(c);
      const expected = EXPECTED_CODE[c.reference_verifier_code!];
      assert.ok(expected, `no code mapping for ${c.reference_verifier_code}`);
      assert.equal(result.ok, false);
      assert.equal(!result.ok && result.code, expected, !result.ok ? result.message : '');
    });
  }
});

describe('verifyRequestEagerly', () => {
  const c = vectors.server_acceptance[0]!;
  const request = {
    method: c.request.method,
    url: c.request.url,
    headers: c.request.headers,
    body: vectorBody(c.request) ?? '',
  };
  const secrets: Record<string, string> = { ...vectors.secret_for_access_key, ...c.secret_override };

  it('answers synchronously when the secret lookup does, the same as verifyRequest', async () => {
    const now = verifyRequestEagerly(request, { lookupSecret: (ak) => secrets[ak], now: new Date(c.server_now) });
    assert.ok(!(now instanceof Promise), 'no promise for a synchronous lookup');
    assert.deepEqual(
      now,
      await verifyRequest(request, { lookupSecret: (ak) => secrets[ak], now: new Date(c.server_now) }),
    );
    assert.equal(now.ok, true);
  });

  it('answers with a promise when the lookup returns one, and still rejects a wrong secret', async () => {
    const later = verifyRequestEagerly(request, {
      lookupSecret: async () => 'not-the-secret',
      now: new Date(c.server_now),
    });
    assert.ok(later instanceof Promise);
    const result = await later;
    assert.equal(!result.ok && result.code, 'SignatureDoesNotMatch');
  });

  it('fails a malformed request synchronously, before any lookup', () => {
    let looked = false;
    const result = verifyRequestEagerly(
      { ...request, headers: { ...request.headers, authorization: 'HMAC-SHA256 nonsense' } },
      {
        lookupSecret: () => {
          looked = true;
          return undefined;
        },
        now: new Date(c.server_now),
      },
    );
    assert.ok(!(result instanceof Promise));
    assert.equal(result.ok, false);
    assert.equal(looked, false);
  });
});
