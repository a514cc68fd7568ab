// Renders catalog fields as TypeScript types (source text) that mirror the schemas of render-schema.ts: same fields,
// same optionality, integer enums as literal unions, each property documented with its catalog notes. Plain
// interfaces instead of Static<typeof schema> keep the type check fast (see src/catalog/object-schema.ts);
// test/generated/interfaces-match-schemas.test.ts proves each interface has its schema's shape.
import type { CatalogField } from './catalog-entry.js';
import { parseConstraints, scalarType } from './parse-constraints.js';
import type { SharedDecls } from './shared-decls.js';

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function key(name: string): string {
  return IDENTIFIER.test(name) ? name : JSON.stringify(name);
}

function doc(notes: string, indent: string): string {
  if (notes === '') return '';
  return `${indent}/** ${notes.replace(/\*\//g, '* /')} */\n`;
}

function scalar(type: string, field: CatalogField, forResult: boolean): string {
  switch (type) {
    case 'String':
      return 'string';
    case 'Boolean':
      return 'boolean';
    case 'String|Integer':
      return 'string | number';
    case 'Integer':
    case 'Float': {
      const values = forResult ? undefined : parseConstraints(field).enumValues;
      return values ? values.join(' | ') : 'number';
    }
    default:
      throw new Error(`unknown scalar type ${type}`);
  }
}

// A described object at `path` (as in render-schema.ts): its type literal inline, or the name of the shared interface
// (see shared-decls.ts).
function objectType(
  children: CatalogField[],
  path: string,
  indent: string,
  forResult: boolean,
  shared?: SharedDecls,
): string {
  if (!shared) return renderTypeLiteral(children, indent, forResult);
  const inline = renderTypeLiteral(children, '', forResult);
  if (shared.counting) {
    shared.count('type', inline, children, forResult, path);
    return renderTypeLiteral(children, indent, forResult, shared, path);
  }
  if (!shared.isShared('type', inline)) return renderTypeLiteral(children, indent, forResult, shared, path);
  return shared.nameFor(
    'type',
    inline,
    (name) => `export interface ${name} ${renderTypeLiteral(children, '', forResult, shared, path)}`,
  );
}

function fieldType(
  field: CatalogField,
  path: string,
  indent: string,
  forResult: boolean,
  shared?: SharedDecls,
): string {
  const s = scalarType(field.type);
  const isArray = s !== field.type;
  const fieldPath = `${path === '' ? '' : `${path}.`}${field.name}${isArray ? '[]' : ''}`;
  // An object the catalog does not describe (LLMConfig, ProviderParams) is any JSON object, not TypeScript's `{}`.
  const children = field.children ?? [];
  const object =
    children.length === 0 ? 'Record<string, unknown>' : objectType(children, fieldPath, indent, forResult, shared);
  const base = s === 'Object' ? object : scalar(s, field, forResult);
  if (!isArray) return base;
  return base.includes('|') ? `Array<${base}>` : `${base}[]`;
}

export function renderTypeLiteral(
  fields: CatalogField[],
  indent: string,
  forResult: boolean,
  shared?: SharedDecls,
  path = '',
): string {
  if (fields.length === 0) return '{}';
  const inner = indent + '  ';
  const lines = fields.map((f) => {
    const optional = forResult || !f.required ? '?' : '';
    return `${doc(f.notes, inner)}${inner}${key(f.name)}${optional}: ${fieldType(f, path, inner, forResult, shared)};`;
  });
  return `{\n${lines.join('\n')}\n${indent}}`;
}

/** The result type from `resultType` and `resultFields`. */
export function renderResultType(resultType: string, fields: CatalogField[], shared?: SharedDecls): string {
  switch (resultType) {
    case 'Object':
      return renderTypeLiteral(fields, '', true, shared);
    case 'Array of Object':
      return `Array<${renderTypeLiteral(fields, '', true, shared)}>`;
    case 'String':
      return 'string';
    case 'Integer':
      return 'number';
    case 'Any':
    case '?':
      return 'unknown';
    default:
      throw new Error(`unknown result type ${resultType}`);
  }
}
