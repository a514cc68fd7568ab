// Holds an answer to the catalog: the Result matches the action-version's result schema, and carries no field the
// catalog does not name.
import assert from 'node:assert/strict';
import type { ActionSpec } from '@rtc-openapi/api';
import type { TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

export function assertCatalogResult(spec: ActionSpec, result: unknown): void {
  const errors = [...Value.Errors(spec.result, result)].slice(0, 3).map((e) => `${e.path}: ${e.message}`);
  assert.deepEqual(errors, [], `${spec.action} ${spec.version} Result matches the catalog schema`);
  assertOnlyCatalogFields(spec.result, result);
}

/** Every key of `value` is a property of `schema`, recursively. */
function assertOnlyCatalogFields(schema: TSchema, value: unknown, path = 'Result'): void {
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) assertOnlyCatalogFields(schema.items as TSchema, item, `${path}[${i}]`);
  } else if (
    value !== null &&
    typeof value === 'object' &&
    schema.properties &&
    // An object the catalog describes only in words (ListIndicators' Data: "{TimeStamp, Value}") names no fields.
    Object.keys(schema.properties as object).length > 0
  ) {
    for (const [key, child] of Object.entries(value)) {
      const sub = (schema.properties as Record<string, TSchema>)[key];
      assert.ok(sub, `${path}.${key} is not in the catalog`);
      assertOnlyCatalogFields(sub, child, `${path}.${key}`);
    }
  }
}
