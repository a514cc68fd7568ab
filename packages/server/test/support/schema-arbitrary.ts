// Requests that pass the catalog's schema of an action-version yet hold hostile values wherever the schema allows
// them (unicode, edge numbers, empty and long strings, URLs that lead nowhere), so that fuzzing reaches the handlers.
import fc from 'fast-check';
import { ID_PATTERN_SOURCE, type ActionSpec } from '@rtc-openapi/api';

interface Schema {
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  anyOf?: Schema[];
  const?: unknown;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  items?: Schema;
  minItems?: number;
  maxItems?: number;
}

/** Strings a handler must survive; none reaches a real service (127.0.0.1:9 refuses, .invalid never resolves). */
const HOSTILE_TEXT = [
  '',
  ' ',
  'http://127.0.0.1:9/x',
  'https://example.invalid/doc.pdf',
  'rtmp://127.0.0.1:9/live/fuzz',
  'ftp://127.0.0.1/x',
  '{"a":1}',
  '[]',
  '../../etc/passwd',
  '\u0000',
  '%00%ff',
  '\uD800',
  '房间-1',
  '😀'.repeat(40),
  'x'.repeat(5000),
];

const ID_CHARS = 'abcXYZ019_@.-'.split('');

function textOf(schema: Schema): fc.Arbitrary<string> {
  if (schema.pattern === ID_PATTERN_SOURCE) {
    return fc.oneof(
      { weight: 4, arbitrary: fc.string({ unit: fc.constantFrom(...ID_CHARS), minLength: 1, maxLength: 16 }) },
      { weight: 1, arbitrary: fc.constantFrom('a'.repeat(128), '-', '.', '@') },
    );
  }
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? 6000;
  return fc
    .oneof(
      { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_TEXT) },
      { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
      { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
    )
    .filter((s) => s.length >= min && s.length <= max);
}

function numberOf(schema: Schema, integer: boolean): fc.Arbitrary<number> {
  const low = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : -(2 ** 31));
  const high = schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : 2 ** 31);
  const edges = fc.constantFrom(...new Set([low, high, Math.max(low, Math.min(high, 0))]));
  const any = integer
    ? fc.integer({ min: Math.ceil(low), max: Math.floor(high) })
    : fc.double({ min: low, max: high, noNaN: true, noDefaultInfinity: true });
  return fc.oneof(edges, any);
}

/** Values that pass `schema` (`key` names the field: AppId and AppID get the app given). */
export function schemaValue(schema: Schema, key: string, appId: string): fc.Arbitrary<unknown> {
  if (schema.anyOf) return fc.oneof(...schema.anyOf.map((s) => schemaValue(s, key, appId)));
  if (schema.const !== undefined) return fc.constant(schema.const);
  switch (schema.type) {
    case 'string':
      return key === 'AppId' || key === 'AppID' || key === 'app_id' ? fc.constant(appId) : textOf(schema);
    case 'integer':
      return numberOf(schema, true);
    case 'number':
      return numberOf(schema, false);
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(schemaValue(schema.items ?? {}, key, appId), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? 3, 3)),
      });
    case 'object': {
      const properties = Object.entries(schema.properties ?? {});
      const required = new Set(schema.required ?? []);
      return fc.record(Object.fromEntries(properties.map(([k, v]) => [k, schemaValue(v, k, appId)])), {
        requiredKeys: properties.map(([k]) => k).filter((k) => required.has(k)),
      });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** The params of a call to `spec` that its schema accepts. */
export function validParams(spec: ActionSpec, appId: string): fc.Arbitrary<Record<string, unknown>> {
  return schemaValue(spec.params as Schema, '', appId) as fc.Arbitrary<Record<string, unknown>>;
}

/** Params as a query string (GET actions): lists as comma lists, objects as JSON. */
export function queryOf(params: Record<string, unknown>): string {
  return Object.entries(params)
    .map(([k, v]) => {
      const text = Array.isArray(v) ? v.join(',') : typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v);
      // A lone surrogate cannot be percent-encoded: it travels as U+FFFD, as any UTF-8 encoder would send it.
      return `${encodeURIComponent(k)}=${encodeURIComponent(Buffer.from(text, 'utf8').toString('utf8'))}`;
    })
    .join('&');
}
