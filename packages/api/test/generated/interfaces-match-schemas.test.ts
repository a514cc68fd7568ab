// The generated interfaces (the static types) and schemas (the runtime checks) come from one catalog tree; this reads
// the interfaces with the TypeScript parser and walks them beside the schemas, so that the two cannot drift apart.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import ts from 'typescript';
import type { TSchema } from '@sinclair/typebox';
import { actionSpecs } from '../../src/index.js';

type Node = TSchema & {
  type?: string;
  const?: unknown;
  anyOf?: Node[];
  items?: Node;
  properties?: Record<string, Node>;
  required?: string[];
};

const dir = new URL('../../src/generated/', import.meta.url);
const declarations = new Map<string, ts.TypeNode | ts.InterfaceDeclaration>();
for (const name of readdirSync(dir)) {
  const text = readFileSync(new URL(name, dir), 'utf8');
  const file = ts.createSourceFile(name, text, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  for (const statement of file.statements) {
    if (ts.isInterfaceDeclaration(statement)) declarations.set(statement.name.text, statement);
    if (ts.isTypeAliasDeclaration(statement)) declarations.set(statement.name.text, statement.type);
  }
}

function propertyName(name: ts.PropertyName): string {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name)) return name.text;
  throw new Error(`unexpected property name ${name.kind}`);
}

function compareMembers(members: readonly ts.TypeElement[], schema: Node, path: string): void {
  assert.equal(schema.type, 'object', `${path}: the interface is an object, the schema is not`);
  const properties = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  const seen: string[] = [];
  for (const member of members) {
    assert.ok(ts.isPropertySignature(member) && member.type, `${path}: only plain properties expected`);
    const name = propertyName(member.name);
    seen.push(name);
    assert.ok(properties[name], `${path}.${name} is in the interface but not in the schema`);
    assert.equal(member.questionToken === undefined, required.has(name), `${path}.${name}: optionality differs`);
    compare(member.type, properties[name], `${path}.${name}`);
  }
  assert.deepEqual(seen, Object.keys(properties), `${path}: the property lists differ`);
}

function numberLiterals(node: ts.UnionTypeNode): number[] | undefined {
  const values = node.types.map((t) =>
    ts.isLiteralTypeNode(t) && ts.isNumericLiteral(t.literal) ? Number(t.literal.text) : undefined,
  );
  return values.every((v) => v !== undefined) ? (values as number[]) : undefined;
}

function compare(node: ts.TypeNode, schema: Node, path: string): void {
  if (ts.isParenthesizedTypeNode(node)) return compare(node.type, schema, path);
  if (ts.isTypeLiteralNode(node)) return compareMembers(node.members, schema, path);
  if (ts.isArrayTypeNode(node)) {
    assert.equal(schema.type, 'array', path);
    return compare(node.elementType, schema.items!, `${path}[]`);
  }
  if (ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName) && node.typeName.text === 'Record') {
    assert.equal(schema.type, 'object', path);
    return assert.deepEqual(Object.keys(schema.properties ?? {}), [], `${path}: a described object as a Record`);
  }
  if (ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName) && !node.typeArguments) {
    // an object written in more than one place: the shared interface in shared.ts
    const shared = declarationOf(node.typeName.text);
    assert.ok(ts.isInterfaceDeclaration(shared), `${path}: ${node.typeName.text} is an interface`);
    return compareMembers(membersOf(shared), schema, path);
  }
  if (ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName) && node.typeName.text === 'Array') {
    assert.equal(schema.type, 'array', path);
    return compare(node.typeArguments![0]!, schema.items!, `${path}[]`);
  }
  if (ts.isUnionTypeNode(node)) {
    const literals = numberLiterals(node);
    assert.ok(schema.anyOf, `${path}: a union in the interface, not in the schema`);
    if (literals) {
      assert.deepEqual(
        literals,
        schema.anyOf.map((m) => m.const),
        path,
      );
    } else {
      const kinds = node.types.map((t) => t.kind);
      assert.deepEqual(kinds, [ts.SyntaxKind.StringKeyword, ts.SyntaxKind.NumberKeyword], path);
      assert.deepEqual(
        schema.anyOf.map((m) => m.type),
        ['string', 'integer'],
        path,
      );
    }
    return;
  }
  switch (node.kind) {
    case ts.SyntaxKind.StringKeyword:
      return assert.equal(schema.type, 'string', path);
    case ts.SyntaxKind.BooleanKeyword:
      return assert.equal(schema.type, 'boolean', path);
    case ts.SyntaxKind.UnknownKeyword:
      return assert.equal(schema.type, undefined, path);
    case ts.SyntaxKind.NumberKeyword: {
      // a plain number, or a range with extra allowed values ({0,[10,604800]}), which TypeScript also sees as number
      const kinds = schema.anyOf ? schema.anyOf.map((m) => (m.const !== undefined ? 'const' : m.type)) : [schema.type];
      assert.ok(
        kinds.every((k) => k === 'integer' || k === 'number' || k === 'const'),
        `${path}: ${kinds.join()}`,
      );
      assert.ok(
        kinds.some((k) => k !== 'const'),
        `${path}: an enum should be a literal union`,
      );
      return;
    }
    default:
      assert.fail(`${path}: unexpected type node ${ts.SyntaxKind[node.kind]}`);
  }
}

function declarationOf(name: string): ts.TypeNode | ts.InterfaceDeclaration {
  const found = declarations.get(name);
  assert.ok(found, `no generated type ${name}`);
  return found;
}

// An interface's properties, those of the shared interface it extends (shared.ts) first.
function membersOf(declaration: ts.InterfaceDeclaration): ts.TypeElement[] {
  const inherited = (declaration.heritageClauses ?? []).flatMap((clause) =>
    clause.types.flatMap((t) => {
      assert.ok(ts.isIdentifier(t.expression), `${declaration.name.text} extends a plain name`);
      const base = declarationOf(t.expression.text);
      assert.ok(ts.isInterfaceDeclaration(base), `${t.expression.text} is an interface`);
      return membersOf(base);
    }),
  );
  return [...inherited, ...declaration.members];
}

describe('generated interfaces', () => {
  it('have exactly the shape of their schemas, params and result, for every action-version', () => {
    for (const spec of actionSpecs) {
      const base = `${spec.action}_${spec.version.replace(/-/g, '_')}`;
      const params = declarationOf(`${base}_Params`);
      assert.ok(ts.isInterfaceDeclaration(params), `${base}_Params is an interface`);
      compareMembers(membersOf(params), spec.params as Node, `${base}_Params`);
      const result = declarationOf(`${base}_Result`);
      if (ts.isInterfaceDeclaration(result)) compareMembers(membersOf(result), spec.result as Node, `${base}_Result`);
      else compare(result, spec.result as Node, `${base}_Result`);
    }
  });
});
