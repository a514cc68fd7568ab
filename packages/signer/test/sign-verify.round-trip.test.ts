// Property tests: whatever signRequest/presignUrl produce verifies, and any change to what was signed does not.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { formatXDate, presignUrl, signRequest, verifyRequest } from '@rtc-openapi/signer';
import type { SignableRequest, VerifiableRequest } from '@rtc-openapi/signer';

const SECRETS: Record<string, string> = { AKLTone: 'secret-one', AKTPtwo: 'c2VjcmV0LXR3bw==' };
const lookupSecret = (ak: string) => SECRETS[ak];

const text = fc.string({ unit: 'binary', maxLength: 12 });
const queryPair = fc.tuple(fc.string({ unit: 'binary', minLength: 1, maxLength: 8 }), text);
const headerValue = fc.stringMatching(/^[ \t!-~]{0,20}$/);
const arbitraryRequest = fc.record({
  method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'patch'),
  path: fc.array(fc.stringMatching(/^[A-Za-z0-9\-_.~]{1,6}$/), { maxLength: 3 }).map((s) => `/${s.join('/')}`),
  query: fc.array(queryPair, { maxLength: 6 }),
  custom: fc.dictionary(fc.constantFrom('x-tt-logid', 'x-custom', 'accept'), headerValue, { maxKeys: 3 }),
  contentType: fc.option(fc.constantFrom('application/json', 'application/x-www-form-urlencoded'), { nil: undefined }),
  body: fc.oneof(
    fc.constant(undefined),
    fc.string({ unit: 'binary', maxLength: 64 }),
    fc.uint8Array({ maxLength: 64 }),
  ),
  accessKeyId: fc.constantFrom('AKLTone', 'AKTPtwo'),
  sessionToken: fc.option(fc.stringMatching(/^[A-Za-z0-9+/=]{1,40}$/), { nil: undefined }),
  signCustom: fc.boolean(),
  date: fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true }),
  region: fc.constantFrom('cn-north-1', 'ap-singapore-1'),
});
type Generated = typeof arbitraryRequest extends fc.Arbitrary<infer T> ? T : never;

function sign(g: Generated): { wire: VerifiableRequest; request: SignableRequest } {
  const headers: Record<string, string> = { host: 'rtc.volcengineapi.com', ...g.custom };
  if (g.contentType) headers['Content-Type'] = g.contentType;
  const request: SignableRequest = { method: g.method, path: g.path, query: g.query, headers, body: g.body };
  const defaults = ['host', 'x-content-sha256', 'x-date', ...(g.contentType ? ['content-type'] : [])];
  const signed = signRequest(
    request,
    { accessKeyId: g.accessKeyId, secretAccessKey: SECRETS[g.accessKeyId]!, sessionToken: g.sessionToken },
    {
      region: g.region,
      service: 'rtc',
      date: g.date,
      ...(g.signCustom
        ? { signedHeaders: [...defaults, ...Object.keys(g.custom), ...(g.sessionToken ? ['x-security-token'] : [])] }
        : {}),
    },
  );
  const wire: VerifiableRequest = {
    method: g.method.toUpperCase(),
    url: signed.queryString ? `${g.path}?${signed.queryString}` : g.path,
    headers: Object.fromEntries(Object.entries(signed.headers).map(([k, v]) => [k.toLowerCase(), v])),
    body: g.body ?? '',
  };
  return { wire, request };
}

describe('sign then verify', () => {
  it('every signed request verifies, also with + for %20 on the wire', async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryRequest, async (g) => {
        const { wire } = sign(g);
        const result = await verifyRequest(wire, { lookupSecret, now: g.date });
        assert.deepEqual(result.ok ? 'ok' : result, 'ok');
        assert.equal(result.ok && result.accessKeyId, g.accessKeyId);
        assert.equal(result.ok && result.sessionToken, g.sessionToken || undefined);
        const plus = await verifyRequest(
          { ...wire, url: wire.url.replace(/%20/g, '+') },
          { lookupSecret, now: g.date },
        );
        assert.equal(plus.ok, true);
      }),
      { numRuns: 300 },
    );
  });

  it('a changed body, query value, method or date does not verify', async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryRequest, fc.nat(), async (g, pick) => {
        const { wire } = sign(g);
        const body = typeof wire.body === 'string' ? Buffer.from(wire.body) : Buffer.from(wire.body);
        const mutations: VerifiableRequest[] = [
          { ...wire, body: Buffer.concat([body, Buffer.from('x')]) },
          { ...wire, method: wire.method === 'GET' ? 'POST' : 'GET' },
          { ...wire, url: `${wire.url}${wire.url.includes('?') ? '&' : '?'}Injected=1` },
          { ...wire, headers: { ...wire.headers, host: 'evil.example' } },
          // Signed a second later, well within the allowed clock skew.
          { ...wire, headers: { ...wire.headers, 'x-date': formatXDate(new Date(g.date.getTime() + 1000)) } },
        ];
        const query = wire.url.indexOf('?');
        const eq = query < 0 ? -1 : wire.url.indexOf('=', query);
        if (eq >= 0) {
          // The first signed parameter's value gains a leading character.
          mutations.push({ ...wire, url: `${wire.url.slice(0, eq + 1)}Z${wire.url.slice(eq + 1)}` });
        }
        if (body.length > 0) {
          const flipped = Buffer.from(body);
          flipped[pick % flipped.length]! ^= 0x20;
          mutations.push({ ...wire, body: flipped });
        }
        for (const mutated of mutations) {
          const result = await verifyRequest(mutated, { lookupSecret, now: g.date });
          assert.equal(result.ok, false);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('every presigned URL verifies until it expires', async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryRequest, fc.integer({ min: 1, max: 604_800 }), async (g, expires) => {
        const reserved = (k: string) =>
          /^X-(Algorithm|Credential|Date|Expires|NotSignBody|Security-Token|SignedHeaders|SignedQueries|Signature)$/.test(
            k,
          );
        const query = g.query.filter(([k]) => !reserved(k));
        const url = presignUrl(
          { method: g.method, path: g.path, query },
          { accessKeyId: g.accessKeyId, secretAccessKey: SECRETS[g.accessKeyId]!, sessionToken: g.sessionToken },
          { region: g.region, service: 'rtc', date: g.date, expiresSeconds: expires },
        );
        const wire = { method: g.method.toUpperCase(), url: `${g.path}?${url.queryString}`, headers: {}, body: '' };
        const at = (offsetSeconds: number) =>
          verifyRequest(wire, {
            lookupSecret,
            now: g.date.getTime() - (g.date.getTime() % 1000) + offsetSeconds * 1000,
          });
        const valid = await at(expires);
        assert.deepEqual(valid.ok ? 'ok' : valid, 'ok');
        assert.equal((await at(expires + 1)).ok, false);
      }),
      { numRuns: 150 },
    );
  });
});
