import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { signRequest, SignerArgumentError, verifyRequest } from '@rtc-openapi/signer';
import type {
  SignableRequest,
  VerifiableRequest,
  VerifyFailureCode,
  VerifyOptions,
  VerifyResult,
} from '@rtc-openapi/signer';

const AK = 'AKLTrejectionsKey';
const SECRET = 'top-secret-value-0123456789';
const DATE = new Date('2024-05-20T08:30:00Z');
const lookupSecret = (ak: string) => (ak === AK ? SECRET : undefined);

function wire(request: SignableRequest, sessionToken?: string): VerifiableRequest {
  const s = signRequest(
    request,
    { accessKeyId: AK, secretAccessKey: SECRET, ...(sessionToken ? { sessionToken } : {}) },
    {
      region: 'cn-north-1',
      service: 'rtc',
      date: DATE,
    },
  );
  return {
    method: request.method,
    url: `${request.path ?? '/'}${s.queryString ? `?${s.queryString}` : ''}`,
    headers: Object.fromEntries(Object.entries(s.headers).map(([k, v]) => [k.toLowerCase(), v])),
    body: request.body ?? '',
  };
}

const post: SignableRequest = {
  method: 'POST',
  query: { Action: 'StartRecord', Version: '2023-11-01' },
  headers: { 'content-type': 'application/json', host: 'rtc.volcengineapi.com' },
  body: '{"AppId":"app","RoomId":"room_1"}',
};

async function expectFailure(
  request: VerifiableRequest,
  code: VerifyFailureCode,
  messagePattern?: RegExp,
  options: Partial<VerifyOptions> = {},
): Promise<void> {
  const result: VerifyResult = await verifyRequest(request, { lookupSecret, now: DATE, ...options });
  assert.equal(result.ok, false, 'expected a rejection');
  if (result.ok) return;
  assert.equal(result.code, code, result.message);
  if (messagePattern) assert.match(result.message, messagePattern);
  assert.ok(!result.message.includes(SECRET), 'the message must not contain the secret');
}

describe('verifyRequest rejects tampering', () => {
  it('accepts the untampered request (baseline)', async () => {
    assert.equal((await verifyRequest(wire(post), { lookupSecret, now: DATE })).ok, true);
  });

  it('a changed query value', async () => {
    const r = wire(post);
    await expectFailure({ ...r, url: r.url.replace('StartRecord', 'StopRecord') }, 'SignatureDoesNotMatch');
  });

  it('an added query parameter', async () => {
    const r = wire(post);
    await expectFailure({ ...r, url: `${r.url}&AppId=other` }, 'SignatureDoesNotMatch');
  });

  it('a changed signed header', async () => {
    const r = wire(post);
    await expectFailure({ ...r, headers: { ...r.headers, 'content-type': 'text/plain' } }, 'SignatureDoesNotMatch');
  });

  it('a changed body (X-Content-Sha256 left as signed)', async () => {
    const r = wire(post);
    await expectFailure(
      { ...r, body: '{"AppId":"app","RoomId":"room_2"}' },
      'SignatureDoesNotMatch',
      /X-Content-Sha256/,
    );
  });

  it('a changed body with X-Content-Sha256 recomputed', async () => {
    const body = '{"AppId":"app","RoomId":"room_2"}';
    const r = wire(post);
    const { createHash } = await import('node:crypto');
    const hash = createHash('sha256').update(body).digest('hex');
    await expectFailure({ ...r, body, headers: { ...r.headers, 'x-content-sha256': hash } }, 'SignatureDoesNotMatch');
  });

  it('a body as bytes that differ by one bit', async () => {
    const r = wire(post);
    const bytes = Buffer.from(post.body as string);
    bytes[3]! ^= 1;
    await expectFailure({ ...r, body: bytes }, 'SignatureDoesNotMatch');
  });

  it('a changed method', async () => {
    await expectFailure({ ...wire(post), method: 'PUT' }, 'SignatureDoesNotMatch');
  });

  it('a changed path', async () => {
    const r = wire(post);
    await expectFailure({ ...r, url: r.url.replace('/?', '/other?') }, 'SignatureDoesNotMatch');
  });

  it('a wrong secret', async () => {
    await expectFailure(wire(post), 'SignatureDoesNotMatch', undefined, { lookupSecret: () => 'another-secret' });
  });

  it('an unknown access key', async () => {
    await expectFailure(wire(post), 'InvalidAccessKey', /AKLTrejectionsKey/, { lookupSecret: () => undefined });
  });

  it('a service other than the one this endpoint serves', async () => {
    await expectFailure(wire(post), 'ServiceNotFound', /rtc/, { service: 'iam' });
  });
});

describe('verifyRequest enforces the time window', () => {
  for (const [label, offset, ok] of [
    ['900 s late is accepted', 900_000, true],
    ['901 s late is rejected', 901_000, false],
    ['900 s early is accepted', -900_000, true],
    ['901 s early is rejected', -901_000, false],
  ] as const) {
    it(label, async () => {
      const result = await verifyRequest(wire(post), { lookupSecret, now: DATE.getTime() + offset });
      assert.equal(result.ok, ok, result.ok ? '' : result.message);
      if (!result.ok) assert.equal(result.code, 'InvalidTimestamp');
    });
  }

  it('honours maxSkewSeconds', async () => {
    await expectFailure(wire(post), 'InvalidTimestamp', /60 seconds/, {
      now: DATE.getTime() + 61_000,
      maxSkewSeconds: 60,
    });
  });

  it('rejects an X-Date that is not a real time', async () => {
    const r = wire(post);
    await expectFailure({ ...r, headers: { ...r.headers, 'x-date': '20240230T083000Z' } }, 'InvalidTimestamp');
    await expectFailure({ ...r, headers: { ...r.headers, 'x-date': '2024-05-20T08:30:00Z' } }, 'InvalidTimestamp');
  });
});

describe('verifyRequest requires the date and the session token to be signed', () => {
  it('x-date missing', async () => {
    const r = wire(post);
    const { 'x-date': _, ...headers } = r.headers;
    await expectFailure({ ...r, headers }, 'MissingRequestInfo', /X-Date/);
  });

  it('x-date not among SignedHeaders', async () => {
    const r = wire(post);
    const authorization = (r.headers.authorization as string).replace(';x-date,', ',');
    await expectFailure({ ...r, headers: { ...r.headers, authorization } }, 'InvalidAuthorization', /x-date/);
  });

  it('x-security-token sent but not signed', async () => {
    const r = wire(post);
    await expectFailure(
      { ...r, headers: { ...r.headers, 'x-security-token': 'STS2injected' } },
      'InvalidAuthorization',
      /X-Security-Token/,
    );
  });

  it('a signed header that the request lacks is named', async () => {
    const r = wire(post);
    const { host: _, ...headers } = r.headers;
    await expectFailure({ ...r, headers }, 'MissingRequestInfo', /"host"/);
  });

  it('a changed session token', async () => {
    const r = wire(post, 'STS2original');
    assert.equal((await verifyRequest(r, { lookupSecret, now: DATE })).ok, true);
    await expectFailure(
      { ...r, headers: { ...r.headers, 'x-security-token': 'STS2changed' } },
      'SignatureDoesNotMatch',
    );
  });
});

describe('verifyRequest answers malformed input with a failure, never a throw', () => {
  const base = wire(post);
  const withAuthorization = (authorization: string | string[]): VerifiableRequest => ({
    ...base,
    headers: { ...base.headers, authorization },
  });
  const auth = base.headers.authorization as string;

  const cases: [string, VerifiableRequest, VerifyFailureCode][] = [
    [
      'no Authorization and no X-Signature',
      { ...base, headers: { 'x-date': '20240520T083000Z' } },
      'MissingAuthenticationToken',
    ],
    ['a Bearer token', withAuthorization('Bearer abc.def'), 'InvalidAuthorization'],
    ['the algorithm alone', withAuthorization('HMAC-SHA256'), 'InvalidAuthorization'],
    ['an empty header', withAuthorization(''), 'InvalidAuthorization'],
    ['no Signature part', withAuthorization(auth.replace(/, Signature=.*$/, '')), 'MissingSignature'],
    ['a short signature', withAuthorization(auth.replace(/Signature=\w+/, 'Signature=abc')), 'InvalidAuthorization'],
    [
      'a non-hex signature',
      withAuthorization(auth.replace(/Signature=\w{64}/, `Signature=${'z'.repeat(64)}`)),
      'InvalidAuthorization',
    ],
    ['an unknown part', withAuthorization(`${auth}, Extra=1`), 'InvalidAuthorization'],
    ['a repeated part', withAuthorization(`${auth}, Signature=${'0'.repeat(64)}`), 'InvalidAuthorization'],
    ['a Credential of four parts', withAuthorization(auth.replace('/rtc/request', '/rtc')), 'InvalidCredential'],
    [
      'a Credential not ending in request',
      withAuthorization(auth.replace('/rtc/request', '/rtc/aws4_request')),
      'InvalidCredential',
    ],
    [
      'a Credential date that is not a date',
      withAuthorization(auth.replace('/20240520/', '/2024052x/')),
      'InvalidCredential',
    ],
    [
      'an empty access key id',
      withAuthorization(auth.replace(`Credential=${AK}/`, 'Credential=/')),
      'InvalidCredential',
    ],
    [
      'a Credential date other than X-Date',
      withAuthorization(auth.replace('/20240520/', '/20240519/')),
      'InvalidCredential',
    ],
    [
      'a SignedHeaders list with a bad name',
      withAuthorization(auth.replace('SignedHeaders=', 'SignedHeaders=bad name;')),
      'InvalidAuthorization',
    ],
    [
      'a SignedHeaders list naming a header twice',
      withAuthorization(auth.replace('SignedHeaders=', 'SignedHeaders=x-date;')),
      'InvalidAuthorization',
    ],
    ['two Authorization headers', withAuthorization([auth, auth]), 'InvalidAuthorization'],
    [
      'a 100 kB Authorization header',
      withAuthorization(`HMAC-SHA256 ${'Credential=a, '.repeat(8000)}`),
      'InvalidAuthorization',
    ],
    [
      'invalid percent-encoding in the query',
      { ...base, url: '/?Action=StartRecord&Version=2023-11-01&Bad=%E0%A4%A' },
      'SignatureDoesNotMatch',
    ],
    [
      'a lone surrogate encoded in the query',
      { ...base, url: '/?Action=StartRecord&Version=2023-11-01&Bad=%ED%A0%80' },
      'SignatureDoesNotMatch',
    ],
    [
      'a 200 kB header value',
      { ...base, headers: { ...base.headers, 'x-date': 'x'.repeat(200_000) } },
      'InvalidTimestamp',
    ],
    [
      'a presigned URL without a signature',
      { ...base, url: '/?X-Credential=a%2F20240520%2Fcn-north-1%2Frtc%2Frequest', headers: {} },
      'MissingSignature',
    ],
  ];
  for (const [label, request, code] of cases) {
    it(label, async () => {
      await expectFailure(request, code);
    });
  }

  it('messages name what is wrong and never contain the secret or the token', async () => {
    const r = wire(post, 'STS2secrettoken');
    const result = await verifyRequest({ ...r, body: 'changed' }, { lookupSecret, now: DATE });
    assert.equal(result.ok, false);
    assert.ok(!result.ok && !result.message.includes(SECRET) && !result.message.includes('STS2secrettoken'));
  });
});

describe('verifyRequest never throws on arbitrary input', () => {
  const auth = wire(post).headers.authorization as string;
  const fragment = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.constantFrom(
      'HMAC-SHA256 ',
      'Credential=',
      'SignedHeaders=',
      'Signature=',
      ', ',
      '/',
      ';',
      '%',
      '%E0',
      '+',
      '=',
      '&',
    ),
    fc.constantFrom('X-Signature=', 'X-Credential=', 'X-Date=', 'X-SignedQueries=', 'X-Expires=', auth),
  );
  const text = fc.array(fragment, { maxLength: 8 }).map((parts) => parts.join(''));
  it('answers a result for random urls, headers and bodies', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          method: fc.constantFrom('GET', 'POST', 'delete'),
          url: text,
          headers: fc.dictionary(
            fc.constantFrom('authorization', 'x-date', 'host', 'x-content-sha256', 'x-security-token', 'Authorization'),
            fc.oneof(text, fc.array(text, { maxLength: 3 })),
          ),
          body: fc.oneof(text, fc.uint8Array({ maxLength: 32 })),
        }),
        async (request) => {
          const result = await verifyRequest(request, { lookupSecret, now: DATE });
          assert.equal(typeof result.ok, 'boolean');
          if (!result.ok) assert.ok(result.message.length > 0 && !result.message.includes(SECRET));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('verifyRequest throws SignerArgumentError for bad arguments', () => {
  const good = wire(post);
  const cases: [string, () => Promise<unknown>, string][] = [
    ['no request', () => verifyRequest(undefined as never, { lookupSecret }), 'request'],
    ['no url', () => verifyRequest({ ...good, url: undefined as never }, { lookupSecret }), 'request.url'],
    ['no method', () => verifyRequest({ ...good, method: '' }, { lookupSecret }), 'request.method'],
    ['no headers', () => verifyRequest({ ...good, headers: null as never }, { lookupSecret }), 'request.headers'],
    ['a body of the wrong type', () => verifyRequest({ ...good, body: 42 as never }, { lookupSecret }), 'request.body'],
    ['no lookupSecret', () => verifyRequest(good, {} as never), 'options.lookupSecret'],
    ['an invalid now', () => verifyRequest(good, { lookupSecret, now: new Date('nope') }), 'options.now'],
    [
      'a negative maxSkewSeconds',
      () => verifyRequest(good, { lookupSecret, maxSkewSeconds: -1 }),
      'options.maxSkewSeconds',
    ],
  ];
  for (const [label, call, field] of cases) {
    it(label, async () => {
      await assert.rejects(call, (error: unknown) => {
        assert.ok(error instanceof SignerArgumentError);
        assert.ok(error instanceof TypeError);
        assert.equal(error.field, field);
        return true;
      });
    });
  }

  it('passes on an error thrown by lookupSecret (an outage is not a bad signature)', async () => {
    await assert.rejects(
      verifyRequest(good, {
        lookupSecret: async () => {
          throw new Error('database down');
        },
        now: DATE,
      }),
      /database down/,
    );
  });
});
