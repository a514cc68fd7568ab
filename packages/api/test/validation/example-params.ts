// Builds params that satisfy a generated schema, so that tests can prove every schema accepts a valid request and
// then break one field at a time.
import type { TSchema } from '@sinclair/typebox';
import { ID_PATTERN_SOURCE } from '../../src/ids/id-rule.js';

type Node = TSchema & {
  type?: string;
  const?: unknown;
  anyOf?: Node[];
  items?: Node;
  properties?: Record<string, Node>;
  required?: string[];
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
};

function number(s: Node, integer: boolean): number {
  const lo = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + (integer ? 1 : 0.25) : undefined);
  const hi = s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - (integer ? 1 : 0.25) : undefined);
  if (lo !== undefined) return lo;
  if (hi !== undefined) return Math.min(hi, integer ? 1 : 0.5);
  return integer ? 1 : 0.5;
}

/** A valid value for `schema`; with `all`, optional object fields are filled too. */
export function exampleFor(schema: TSchema, all = false): unknown {
  const s = schema as Node;
  if (s.anyOf) return exampleFor(s.anyOf[s.anyOf.length - 1]!, all);
  if (s.const !== undefined) return s.const;
  switch (s.type) {
    case 'string':
      return s.pattern === ID_PATTERN_SOURCE ? 'id_1.a-b@c' : 'text';
    case 'integer':
      return number(s, true);
    case 'number':
      return number(s, false);
    case 'boolean':
      return true;
    case 'array':
      return s.items ? [exampleFor(s.items, all)] : [];
    case 'object': {
      const out: Record<string, unknown> = {};
      const required = new Set(s.required ?? []);
      for (const [key, child] of Object.entries(s.properties ?? {})) {
        if (all || required.has(key)) out[key] = exampleFor(child, all);
      }
      return out;
    }
    default:
      return 'anything';
  }
}

/**
 * Sets `value` at a dotted ID path such as `TargetStreams.StreamList[].UserId` inside `params`, creating the
 * objects and one-element arrays on the way. Returns the concrete path (`TargetStreams.StreamList[0].UserId`).
 */
export function setAtIdPath(params: Record<string, unknown>, schema: TSchema, path: string, value: unknown): string {
  const parts = path.split('.');
  let node = schema as Node;
  let target: Record<string, unknown> = params;
  const concrete: string[] = [];
  parts.forEach((part, i) => {
    const isArray = part.endsWith('[]');
    const key = isArray ? part.slice(0, -2) : part;
    const child = node.properties![key]!;
    const last = i === parts.length - 1;
    if (isArray) {
      concrete.push(`${key}[0]`);
      if (last) {
        target[key] = [value];
        return;
      }
      const existing = target[key];
      const item = Array.isArray(existing) && existing.length > 0 ? existing[0] : exampleFor(child.items!);
      target[key] = [item];
      target = item as Record<string, unknown>;
      node = child.items!;
    } else {
      concrete.push(key);
      if (last) {
        target[key] = value;
        return;
      }
      if (typeof target[key] !== 'object' || target[key] === null) target[key] = exampleFor(child);
      target = target[key] as Record<string, unknown>;
      node = child;
    }
  });
  return concrete.join('.');
}
