// "Bad input to any public function: a typed error naming the field, never a TypeError from deep inside."
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import * as api from '../src/index.js';

const anything = fc.anything({ withNullPrototype: true, withObjectString: true });
const spec = api.getActionSpec('StartRecord', '2023-11-01')!;

type Call = [name: string, run: (a: unknown, b: unknown) => unknown];
const calls: Call[] = [
  ['getActionSpec', (a, b) => api.getActionSpec(a as string, b as string)],
  ['actionVersions', (a) => api.actionVersions(a as string)],
  ['latestVersion', (a) => api.latestVersion(a as string)],
  ['isActionName', (a) => api.isActionName(a)],
  ['isValidId', (a) => api.isValidId(a)],
  ['validateParams(spec?)', (a, b) => api.validateParams(a as api.ActionSpec, b)],
  ['validateParams(options?)', (a, b) => api.validateParams(spec, b, a as api.ValidateOptions)],
  ['coerceQueryParams', (a, b) => api.coerceQueryParams(a as api.ActionSpec, b as URLSearchParams)],
  ['coerceQueryParams(query?)', (a) => api.coerceQueryParams(spec, a as URLSearchParams)],
  ['errorInfo', (a) => api.errorInfo(a as string)],
  ['isErrorCode', (a) => api.isErrorCode(a)],
  ['retryClassOf', (a) => api.retryClassOf(a as string)],
  ['httpStatusFor', (a, b) => api.httpStatusFor(a as string, b as string)],
  ['buildSuccessEnvelope', (a, b) => api.buildSuccessEnvelope(a as api.EnvelopeMeta, b)],
  ['buildErrorEnvelope', (a, b) => api.buildErrorEnvelope(a as api.EnvelopeMeta, b as api.ApiErrorBody)],
  ['parseEnvelope', (a) => api.parseEnvelope(a)],
];

describe('public functions given arbitrary arguments', () => {
  for (const [name, run] of calls) {
    it(`${name} returns or throws RtcArgumentError naming a field`, () => {
      fc.assert(
        fc.property(anything, anything, (a, b) => {
          try {
            run(a, b);
            return true;
          } catch (error) {
            return error instanceof api.RtcArgumentError && error.field.length > 0;
          }
        }),
        { numRuns: 400 },
      );
    });
  }

  it('names spec.params when a hand-made spec carries no TypeBox schema', () => {
    const fake = {
      ...spec,
      params: { type: 'object', properties: { A: { type: 'string' } } },
    } as unknown as api.ActionSpec;
    assert.throws(() => api.validateParams(fake, {}), { name: 'RtcArgumentError', field: 'spec.params' });
  });
});
