import { ID_PATTERN_SOURCE } from '@rtc-openapi/api';
import type { SchemaNode } from './schema-node.js';

export interface ParamRow {
  /** Dotted path; `[]` marks array elements, e.g. `TargetStreams.StreamList[].UserId`. */
  field: string;
  type: string;
  required: boolean;
  constraints: string;
  description: string;
}

/** Every field of a params schema, nested ones included, in schema order. */
export function paramRows(schema: SchemaNode, prefix = ''): ParamRow[] {
  const rows: ParamRow[] = [];
  const required = new Set(schema.required ?? []);
  for (const [name, node] of Object.entries(schema.properties ?? {})) {
    const field = prefix + name;
    rows.push({
      field,
      type: typeName(node),
      required: required.has(name),
      constraints: constraintsOf(node),
      description: node.description ?? '',
    });
    const object = node.type === 'array' ? node.items : node;
    if (object?.properties) rows.push(...paramRows(object, node.type === 'array' ? `${field}[].` : `${field}.`));
  }
  return rows;
}

export function typeName(node: SchemaNode): string {
  if (node.const !== undefined) return JSON.stringify(node.const);
  if (node.anyOf) return node.anyOf.map(typeName).join(' | ');
  if (node.type === 'array') return `${node.items ? typeName(node.items) : 'unknown'}[]`;
  return node.type ?? 'any';
}

function constraintsOf(node: SchemaNode): string {
  if (node.anyOf) return node.anyOf.map(constraintsOf).filter(Boolean).join('; ');
  const parts: string[] = [];
  const low = node.minimum ?? node.exclusiveMinimum;
  const high = node.maximum ?? node.exclusiveMaximum;
  if (low !== undefined || high !== undefined) {
    parts.push(
      `${node.exclusiveMinimum !== undefined ? '(' : '['}${low ?? ''}, ${high ?? ''}${node.exclusiveMaximum !== undefined ? ')' : ']'}`,
    );
  }
  if (node.pattern === ID_PATTERN_SOURCE) parts.push('ID rule');
  else if (node.pattern) parts.push(`pattern ${node.pattern}`);
  if (node.minLength !== undefined || node.maxLength !== undefined) {
    parts.push(`length ${node.minLength ?? 0}..${node.maxLength ?? ''}`);
  }
  if (node.minItems !== undefined || node.maxItems !== undefined) {
    parts.push(`items ${node.minItems ?? 0}..${node.maxItems ?? ''}`);
  }
  return parts.join(', ');
}
