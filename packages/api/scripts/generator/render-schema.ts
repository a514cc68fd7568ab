// Renders catalog fields as TypeBox expressions (source text), one property per line, nested objects indented.
import type { CatalogField } from './catalog-entry.js';
import { parseConstraints, scalarType, type FieldConstraints } from './parse-constraints.js';
import type { SharedDecls } from './shared-decls.js';

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function key(name: string): string {
  return IDENTIFIER.test(name) ? name : JSON.stringify(name);
}

function options(entries: Record<string, unknown>): string {
  const parts = Object.entries(entries)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}: ${k === 'pattern' ? String(v) : JSON.stringify(v)}`);
  return parts.length === 0 ? '' : `{ ${parts.join(', ')} }`;
}

function call(fn: string, ...args: string[]): string {
  return `${fn}(${args.filter((a) => a !== '').join(', ')})`;
}

export interface RenderContext {
  /** Result schemas carry shapes only: no constraints, every field optional (results vary by state, §1.3). */
  forResult: boolean;
  /** Dotted paths of the ID fields found, e.g. `TargetStreams.StreamList[].UserId`. */
  idFields: string[];
  /** When set, objects written identically elsewhere are counted (first pass) or referenced by name (second). */
  shared?: SharedDecls;
}

/** The scalar schema, with constraints when rendering params. `outer` options go on the outermost schema. */
function renderScalar(scalar: string, c: FieldConstraints | undefined, outer: Record<string, unknown>): string {
  switch (scalar) {
    case 'String':
      if (c?.id)
        return call('Type.String', options({ ...outer, pattern: 'ID_PATTERN_SOURCE', maxLength: c.maxLength }));
      return call('Type.String', options({ ...outer, maxLength: c?.maxLength }));
    case 'Boolean':
      return call('Type.Boolean', options(outer));
    case 'String|Integer':
      return call('Type.Union', '[Type.String(), Type.Integer()]', options(outer));
    case 'Integer':
    case 'Float': {
      const ctor = scalar === 'Integer' ? 'Type.Integer' : 'Type.Number';
      if (c?.enumValues) {
        return call('Type.Union', `[${c.enumValues.map((v) => `Type.Literal(${v})`).join(', ')}]`, options(outer));
      }
      const r = c?.range;
      if (!r) return call(ctor, options(outer));
      const bounds = {
        minimum: r.minimum,
        exclusiveMinimum: r.exclusiveMinimum,
        maximum: r.maximum,
        exclusiveMaximum: r.exclusiveMaximum,
      };
      if (r.alsoAllowed.length === 0) return call(ctor, options({ ...outer, ...bounds }));
      const literals = r.alsoAllowed.map((v) => `Type.Literal(${v})`);
      return call('Type.Union', `[${[...literals, call(ctor, options(bounds))].join(', ')}]`, options(outer));
    }
    default:
      throw new Error(`unknown scalar type ${scalar}`);
  }
}

export function renderField(field: CatalogField, path: string, indent: string, ctx: RenderContext): string {
  const scalar = scalarType(field.type);
  const isArray = scalar !== field.type;
  const c = ctx.forResult ? undefined : parseConstraints(field);
  const described = { description: field.notes };
  const fieldPath = path === '' ? field.name : `${path}.${field.name}`;
  if (c?.id) ctx.idFields.push(isArray ? `${fieldPath}[]` : fieldPath);

  let expr: string;
  if (scalar === 'Object') {
    const inner = renderChildren(field, isArray ? `${fieldPath}[]` : fieldPath, indent, ctx);
    expr = isArray
      ? call('Type.Array', call('objectSchema', inner), options(described))
      : call('objectSchema', inner, options(described));
  } else if (isArray) {
    expr = call('Type.Array', renderScalar(scalar, c, {}), options(described));
  } else {
    expr = renderScalar(scalar, c, { ...described, default: c?.default });
  }
  return field.required && !ctx.forResult ? expr : call('Type.Optional', expr);
}

// The properties of an object field: inline, or the name of the shared declaration holding them.
function renderChildren(field: CatalogField, path: string, indent: string, ctx: RenderContext): string {
  const children = field.children ?? [];
  const shared = ctx.shared;
  if (!shared || children.length === 0) return renderObject(children, path, indent, ctx);
  if (shared.counting) {
    shared.count(
      'schema',
      renderObject(children, path, '', { ...ctx, shared: undefined }),
      children,
      ctx.forResult,
      path,
    );
    return renderObject(children, path, indent, ctx);
  }
  const inline = renderObject(children, path, '', { forResult: ctx.forResult, idFields: [] });
  if (!shared.isShared('schema', inline)) return renderObject(children, path, indent, ctx);
  // rendered every time so that the ID fields below this one are collected for the spec
  const declared = renderObject(children, path, '', ctx);
  return shared.nameFor('schema', inline, (name) => `export const ${name}: TProperties = ${declared};`);
}

export function renderObject(fields: CatalogField[], path: string, indent: string, ctx: RenderContext): string {
  if (fields.length === 0) return '{}';
  const seen = new Set<string>();
  const inner = indent + '  ';
  const lines = fields.map((f) => {
    if (seen.has(f.name)) throw new Error(`duplicate field ${path}.${f.name}`);
    seen.add(f.name);
    const dropped = ctx.forResult ? [] : parseConstraints(f).dropped;
    const note = dropped.length > 0 ? `${inner}// not enforced: ${dropped.join('; ')}\n` : '';
    return `${note}${inner}${key(f.name)}: ${renderField(f, path, inner, ctx)},`;
  });
  return `{\n${lines.join('\n')}\n${indent}}`;
}

/** The result schema from `resultType` and `resultFields`. */
export function renderResult(resultType: string, fields: CatalogField[], indent: string, shared?: SharedDecls): string {
  const ctx: RenderContext = { forResult: true, idFields: [], shared };
  switch (resultType) {
    case 'Object':
      return call('objectSchema', renderObject(fields, '', indent, ctx));
    case 'Array of Object':
      return call('Type.Array', call('objectSchema', renderObject(fields, '', indent, ctx)));
    case 'String':
      return 'Type.String()';
    case 'Integer':
      return 'Type.Integer()';
    case 'Any':
    case '?':
      return 'Type.Unknown()';
    default:
      throw new Error(`unknown result type ${resultType}`);
  }
}
