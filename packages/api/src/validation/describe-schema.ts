// Words for what a schema expects, for validation messages. Values are never echoed: a param may be a token.
import type { TSchema } from '@sinclair/typebox';
import { ID_PATTERN_SOURCE } from '../ids/id-rule.js';

type JsonSchema = TSchema & {
  type?: string;
  const?: unknown;
  anyOf?: JsonSchema[];
  items?: JsonSchema;
  pattern?: string;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
};

function bounds(s: JsonSchema): string {
  const lo =
    s.minimum !== undefined ? `[${s.minimum}` : s.exclusiveMinimum !== undefined ? `(${s.exclusiveMinimum}` : '';
  const hi =
    s.maximum !== undefined ? `${s.maximum}]` : s.exclusiveMaximum !== undefined ? `${s.exclusiveMaximum})` : '';
  if (lo && hi) return ` in ${lo}, ${hi}`;
  if (lo) return ` ${s.minimum !== undefined ? '>=' : '>'} ${lo.slice(1)}`;
  if (hi) return ` ${s.maximum !== undefined ? '<=' : '<'} ${hi.slice(0, -1)}`;
  return '';
}

export function describeSchema(schema: TSchema): string {
  const s = schema as JsonSchema;
  if (s.anyOf) {
    const consts = s.anyOf.filter((m) => m.const !== undefined).map((m) => JSON.stringify(m.const));
    const others = s.anyOf.filter((m) => m.const === undefined).map(describeSchema);
    const all = [...consts, ...others];
    if (others.length === 0) return `one of ${consts.join(', ')}`;
    return all.length === 2 ? `${all[0]} or ${all[1]}` : `one of: ${all.join('; ')}`;
  }
  if (s.const !== undefined) return JSON.stringify(s.const);
  switch (s.type) {
    case 'string':
      if (s.pattern === ID_PATTERN_SOURCE) return 'an ID (1 to 128 characters from a-z A-Z 0-9 @ . _ -)';
      return s.maxLength !== undefined ? `a string of at most ${s.maxLength} characters` : 'a string';
    case 'integer':
      return `an integer${bounds(s)}`;
    case 'number':
      return `a number${bounds(s)}`;
    case 'boolean':
      return 'a boolean (true or false)';
    case 'object':
      return 'an object';
    case 'array':
      return s.items ? `an array of ${plural(describeSchema(s.items))}` : 'an array';
    default:
      return 'a valid value';
  }
}

function plural(description: string): string {
  // "an integer in [1, 2]" -> "integers in [1, 2]"; keeps the messages readable without a grammar engine.
  const m = /^an? (ID|string|integer|number|boolean|object|array)\b(.*)$/.exec(description);
  return m ? `${m[1]}s${m[2]}` : `items that are ${description}`;
}

export function describeValueType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  // Numbers and booleans are shown; strings are not, they may be tokens.
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}
