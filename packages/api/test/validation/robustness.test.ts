// Whatever a request carries, validation answers with an issue or nothing; it never throws.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { actionSpecs, coerceQueryParams, validateParams, type ValidationIssue } from '../../src/index.js';
import { exampleFor } from './example-params.js';

function isIssue(value: ValidationIssue | undefined): boolean {
  return (
    value === undefined ||
    (typeof value.field === 'string' && /^(Missing|Invalid)Parameter/.test(value.code) && value.message.length > 0)
  );
}

const specIndex = fc.integer({ min: 0, max: actionSpecs.length - 1 });

describe('validation robustness', () => {
  it('validateParams answers an issue or nothing for arbitrary values, in both scopes', () => {
    fc.assert(
      fc.property(specIndex, fc.anything(), fc.constantFrom('full' as const, 'local' as const), (i, value, scope) =>
        isIssue(validateParams(actionSpecs[i]!, value, { scope })),
      ),
      { numRuns: 3000 },
    );
  });

  it('validateParams answers an issue or nothing when one field of a valid request is replaced by anything', () => {
    fc.assert(
      fc.property(specIndex, fc.nat(), fc.anything(), (i, pick, replacement) => {
        const spec = actionSpecs[i]!;
        const params = exampleFor(spec.params, true) as Record<string, unknown>;
        const keys = Object.keys(params);
        if (keys.length > 0) params[keys[pick % keys.length]!] = replacement;
        return isIssue(validateParams(spec, params));
      }),
      { numRuns: 3000 },
    );
  });

  it('validateParams names a field holding arrays or objects 100,000 levels deep, in both scopes', () => {
    // As JSON.parse builds them from a request body; String() or JSON.stringify() of either overflows the stack.
    let deepArray: unknown = [];
    let deepObject: unknown = {};
    for (let i = 0; i < 100_000; i++) {
      deepArray = [deepArray];
      deepObject = { a: deepObject };
    }
    let fields = 0;
    for (const spec of actionSpecs) {
      for (const key of Object.keys(spec.params.properties)) {
        for (const deep of [deepArray, deepObject]) {
          const params = { ...(exampleFor(spec.params, true) as Record<string, unknown>), [key]: deep };
          const full = validateParams(spec, params);
          const objectField = (spec.params.properties[key] as { type?: string }).type === 'object';
          // An object field takes unknown keys (a deep object may pass); anything else is named.
          if (!(objectField && deep === deepObject)) {
            assert.ok(full && full.field.startsWith(key), `${spec.action} ${spec.version} ${key}: ${full?.message}`);
            assert.ok(full.message.length < 300);
          }
          assert.ok(isIssue(validateParams(spec, params, { scope: 'local' })));
          fields++;
        }
      }
    }
    assert.ok(fields > 1500, `${fields} cases`);
  });

  it('coerceQueryParams answers params or an issue for arbitrary query strings', () => {
    const querySpecs = actionSpecs.filter((s) => s.paramsIn === 'query');
    const keys = [...new Set(querySpecs.flatMap((s) => Object.keys(s.params.properties)))];
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: querySpecs.length - 1 }),
        fc.array(fc.tuple(fc.constantFrom(...keys), fc.string()), { maxLength: 8 }),
        (i, pairs) => {
          const out = coerceQueryParams(querySpecs[i]!, new URLSearchParams(pairs));
          if ('issue' in out) return isIssue(out.issue);
          return typeof out.params === 'object';
        },
      ),
      { numRuns: 3000 },
    );
    assert.ok(querySpecs.length >= 39);
  });
});
