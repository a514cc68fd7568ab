// The slice of a TypeBox / JSON Schema node the command line reads.
export interface SchemaNode {
  type?: string;
  const?: unknown;
  anyOf?: SchemaNode[];
  properties?: Record<string, SchemaNode>;
  required?: string[];
  items?: SchemaNode;
  description?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
}

/** The schema of a direct property, or undefined. Unions of objects are searched member by member. */
export function propertyOf(schema: SchemaNode, name: string): SchemaNode | undefined {
  if (schema.properties?.[name]) return schema.properties[name];
  for (const member of schema.anyOf ?? []) {
    const found = propertyOf(member, name);
    if (found) return found;
  }
  return undefined;
}
