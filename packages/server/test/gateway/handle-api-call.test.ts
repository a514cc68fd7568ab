import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { signRequest } from '@rtc-openapi/signer';
import { ApiError } from '../../src/errors/api-error.js';
import type { ApiRequest } from '../../src/gateway/api-request.js';
import { handleApiCall, type ApiCallOutcome, type GatewayDeps } from '../../src/gateway/handle-api-call.js';
import type { IdentityGate } from '../../src/identity/principal.js';
import { AccountLimits } from '../../src/limits/account-limits.js';
import { MemoryRateLimiter } from '../../src/limits/memory-rate-limiter.js';
import type { RateLimiter } from '../../src/limits/rate-limiter.js';
import { buildActionTable } from '../../src/providers/action-table.js';
import { stubProviders } from '../support/stub-providers.js';
import { MemoryIdentity, testKey } from './gateway-harness.js';

const NOW = Date.parse('2024-05-20T08:30:00Z');
const key = testKey('2100000001');

function listAppsRequest(): ApiRequest {
  const body = '{}';
  const signed = signRequest(
    {
      method: 'POST',
      query: { Action: 'ListApps', Version: '2023-11-01' },
      headers: { 'content-type': 'application/json' },
      body,
    },
    key,
    { region: 'cn-north-1', service: 'rtc', date: new Date(NOW) },
  );
  const headers: Record<string, string> = { host: 'localhost' };
  for (const [name, value] of Object.entries(signed.headers)) headers[name.toLowerCase()] = value;
  return {
    requestId: 'r-1',
    method: 'POST',
    url: `/?${signed.queryString}`,
    query: new URLSearchParams(signed.queryString),
    headers,
    body: Buffer.from(body),
    receivedAtMs: NOW,
  };
}

/** Identity answering at once, as the SQLite identity does for cached facts. */
const syncIdentity: Pick<IdentityGate, 'authorize' | 'resolveAccessKey'> = {
  resolveAccessKey: (id) =>
    id === key.accessKeyId ? { secretAccessKey: key.secretAccessKey, principal: key.principal } : undefined,
  authorize: () => undefined,
};

function deps(overrides: Partial<GatewayDeps> = {}): GatewayDeps {
  return {
    identity: syncIdentity,
    limits: new AccountLimits({ scale: 1 }),
    limiter: new MemoryRateLimiter(),
    actions: buildActionTable(stubProviders({ ListApps: () => ({ Total: 0 }) })),
    ...overrides,
  };
}

function codeOf(outcome: ApiCallOutcome): string {
  return outcome.response.code;
}

describe('handleApiCall', () => {
  it('answers synchronously when every stage does', () => {
    const outcome = handleApiCall(listAppsRequest(), deps());
    assert.ok(!(outcome instanceof Promise), 'no promise when identity, limits and handler answer at once');
    assert.equal(codeOf(outcome), 'OK');
    assert.equal(outcome.spec?.action, 'ListApps');
    assert.equal(outcome.principal?.accountId, '2100000001');
  });

  it('waits for a stage that answers with a promise, and gives the same answer', async () => {
    const identity = new MemoryIdentity();
    identity.addKey(key);
    const later = handleApiCall(
      listAppsRequest(),
      deps({ identity, actions: buildActionTable(stubProviders({ ListApps: async () => ({ Total: 0 }) })) }),
    );
    assert.ok(later instanceof Promise);
    const outcome = await later;
    assert.equal(codeOf(outcome), 'OK');
    assert.equal(outcome.response.body, (handleApiCall(listAppsRequest(), deps()) as ApiCallOutcome).response.body);
  });

  it('turns a stage that throws, or rejects, into InternalError with the fault kept for the log', async () => {
    const broken = new Error('limiter store is down');
    const throwing: RateLimiter = {
      take: () => {
        throw broken;
      },
      close: async () => {},
    };
    const rejecting: RateLimiter = { take: () => Promise.reject(broken), close: async () => {} };
    for (const limiter of [throwing, rejecting]) {
      const outcome = await handleApiCall(listAppsRequest(), deps({ limiter }));
      assert.equal(codeOf(outcome), 'InternalError');
      assert.equal(outcome.response.status, 500);
      assert.equal(outcome.response.fault, broken);
      assert.doesNotMatch(outcome.response.body, /limiter store is down/, 'the wire never carries the fault');
      assert.equal(outcome.principal?.accountId, '2100000001', 'the caller is known for the log and the audit');
    }
  });

  it('answers a refusal that authorize throws at once with its documented code, at once', () => {
    const identity = {
      ...syncIdentity,
      authorize: () => {
        throw new ApiError('LackPolicy', 'User sub has no policy allowing rtc:ListApps');
      },
    };
    const outcome = handleApiCall(listAppsRequest(), deps({ identity }));
    assert.ok(!(outcome instanceof Promise));
    assert.equal(codeOf(outcome), 'LackPolicy');
    assert.equal(outcome.response.fault, undefined);
  });
});
