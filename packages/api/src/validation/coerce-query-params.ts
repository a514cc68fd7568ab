// Query-string params (GET actions, and DeleteCallback) arrive as strings; this turns them into the schema's types so
// that one validator serves both kinds of action. Rules, chosen to match what the Go service's binder accepts:
// - only the schema's fields are taken (Action, Version, X-* signing params and unknown keys are ignored, as the
//   real service ignores them);
// - an empty value of a non-string field counts as absent;
// - Integer: optional sign and digits; Float: a decimal number; Boolean: 1 t T TRUE true True / 0 f F FALSE false
//   False (Go's strconv.ParseBool);
// - arrays: repeated keys, comma-separated lists, or both (`To=a&To=b,c`);
// - a scalar given twice is an error rather than a silent pick.
import type { TSchema } from '@sinclair/typebox';
import { RtcArgumentError } from '../errors/rtc-argument-error.js';
import type { ActionSpec, ValidationIssue } from '../spec.js';
import { checkSpecArgument } from './check-spec.js';
import { describeSchema } from './describe-schema.js';
import { joinFieldPath } from './field-path.js';

type Node = TSchema & { type?: string; const?: unknown; anyOf?: Node[]; items?: Node };
type Kind = 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object' | 'any';

function kindOf(schema: Node): Kind {
  if (schema.anyOf) {
    const kinds = new Set(schema.anyOf.map(kindOf));
    if ([...kinds].every((k) => k === 'integer')) return 'integer';
    if ([...kinds].every((k) => k === 'integer' || k === 'number')) return 'number';
    return kinds.has('string') ? 'string' : 'any';
  }
  if (schema.const !== undefined) {
    if (typeof schema.const === 'number') return Number.isInteger(schema.const) ? 'integer' : 'number';
    if (typeof schema.const === 'boolean') return 'boolean';
    return 'string';
  }
  switch (schema.type) {
    case 'string':
    case 'integer':
    case 'number':
    case 'boolean':
    case 'array':
    case 'object':
      return schema.type;
    default:
      return 'any';
  }
}

const TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const FALSE = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

class CoercionFailure {
  constructor(readonly issue: ValidationIssue) {}
}

function fail(field: string, schema: Node, what: string): never {
  throw new CoercionFailure({
    field,
    code: 'InvalidParameter',
    message: `${field} must be ${describeSchema(schema)}, got ${what}`,
  });
}

function coerceScalar(schema: Node, kind: Kind, raw: string, field: string): unknown {
  switch (kind) {
    case 'integer': {
      if (!/^[-+]?\d+$/.test(raw)) fail(field, schema, 'text that is not an integer');
      const n = Number(raw);
      if (!Number.isSafeInteger(n)) fail(field, schema, 'an integer too large to represent exactly');
      return n;
    }
    case 'number': {
      if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(raw)) fail(field, schema, 'text that is not a number');
      return Number(raw);
    }
    case 'boolean':
      if (TRUE.has(raw)) return true;
      if (FALSE.has(raw)) return false;
      return fail(field, schema, 'text that is not a boolean');
    case 'object':
    case 'array':
      return fail(field, schema, 'a query-string value, which cannot carry one');
    default:
      return raw;
  }
}

function coerceField({ name: field, schema, kind, items, itemKind }: QueryField, values: string[]): unknown {
  if (kind === 'array') {
    const parts = values.flatMap((v) => (v === '' ? [] : v.split(',')));
    return parts.map((p, i) => coerceScalar(items, itemKind, p, joinFieldPath(field, i)));
  }
  if (values.length > 1) {
    throw new CoercionFailure({
      field,
      code: 'InvalidParameter',
      message: `${field} must be given once, got ${values.length} values`,
    });
  }
  const raw = values[0]!;
  if (raw === '' && kind !== 'string' && kind !== 'any') return undefined;
  return coerceScalar(schema, kind, raw, field);
}

interface QueryField {
  name: string;
  schema: Node;
  kind: Kind;
  /** For an array: its items' schema and kind. */
  items: Node;
  itemKind: Kind;
}

/** Each action's fields with their kinds, worked out once per schema instead of on every call. */
const fieldsBySchema = new WeakMap<object, QueryField[]>();

function fieldsOf(spec: ActionSpec): QueryField[] {
  let fields = fieldsBySchema.get(spec.params);
  if (fields === undefined) {
    const properties = (spec.params as { properties: Record<string, Node> }).properties;
    fields = Object.entries(properties).map(([name, schema]) => {
      const items = schema.items ?? ({} as Node);
      return { name, schema, kind: kindOf(schema), items, itemKind: kindOf(items) };
    });
    fieldsBySchema.set(spec.params, fields);
  }
  return fields;
}

export type CoercedQuery = { params: Record<string, unknown> } | { issue: ValidationIssue };

/** What coerceQueryParams reads of a query: a URLSearchParams, or anything that answers `getAll` the same way. */
export interface QueryValues {
  getAll(name: string): string[];
}

/** The schema's fields from `query`, converted to their types, or the first field that cannot be converted. */
export function coerceQueryParams(spec: ActionSpec, query: QueryValues): CoercedQuery {
  checkSpecArgument(spec);
  if (typeof query !== 'object' || query === null || typeof query.getAll !== 'function') {
    throw new RtcArgumentError('query', 'expected a URLSearchParams (or an object with its getAll method)');
  }
  const params: Record<string, unknown> = {};
  try {
    for (const field of fieldsOf(spec)) {
      const values = query.getAll(field.name);
      if (values.length === 0) continue;
      const value = coerceField(field, values);
      if (value !== undefined) params[field.name] = value;
    }
  } catch (e) {
    if (e instanceof CoercionFailure) return { issue: e.issue };
    throw e;
  }
  return { params };
}
