import { readFileSync } from 'node:fs';
import type { ActionSpec } from '@rtc-openapi/api';
import { propertyOf, type SchemaNode } from '../catalog/schema-node.js';
import { CliUsageError } from '../output/report-error.js';

/** `--json FILE|-` first, then each `--param K=V` on top (dotted K for nested fields). */
export function buildCallParams(
  spec: ActionSpec,
  pairs: readonly string[],
  jsonSource: string | undefined,
  readStdin: () => string = () => readFileSync(0, 'utf8'),
): Record<string, unknown> {
  const params = jsonSource === undefined ? {} : readJsonParams(jsonSource, readStdin);
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new CliUsageError(`--param ${pair}: expected KEY=VALUE`);
    const path = pair.slice(0, at).split('.');
    const raw = pair.slice(at + 1);
    let schema: SchemaNode | undefined = spec.params as SchemaNode;
    let target = params;
    for (const [i, key] of path.entries()) {
      schema = schema && propertyOf(schema, key);
      if (schema === undefined) {
        throw new CliUsageError(
          `--param ${pair}: ${path.slice(0, i + 1).join('.')} is not a param of ${spec.action} ${spec.version} ` +
            `(see: rtc-openapi describe ${spec.action} --version ${spec.version})`,
        );
      }
      if (i === path.length - 1) {
        target[key] = coerce(raw, schema, pair);
      } else {
        const next = target[key];
        target = (typeof next === 'object' && next !== null ? next : (target[key] = {})) as Record<string, unknown>;
      }
    }
  }
  return params;
}

function readJsonParams(source: string, readStdin: () => string): Record<string, unknown> {
  let text: string;
  try {
    text = source === '-' ? readStdin() : readFileSync(source, 'utf8');
  } catch (error) {
    throw new CliUsageError(`--json ${source}: ${(error as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new CliUsageError(`--json ${source}: not JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CliUsageError(`--json ${source}: expected a JSON object of params`);
  }
  return value as Record<string, unknown>;
}

/** The text of a `--param` as the schema's type: numbers, booleans, JSON for arrays and objects. */
function coerce(raw: string, schema: SchemaNode, pair: string): unknown {
  const types = new Set(
    (schema.anyOf ?? [schema]).map(
      (member) => member.type ?? (member.const === undefined ? 'any' : typeof member.const),
    ),
  );
  if ((types.has('array') || types.has('object')) && /^\s*[[{]/.test(raw)) {
    try {
      return JSON.parse(raw);
    } catch {
      throw new CliUsageError(`--param ${pair}: the value is not valid JSON`);
    }
  }
  if (types.has('integer') || types.has('number')) {
    const value = Number(raw);
    if (raw.trim() !== '' && Number.isFinite(value)) return value;
    if (!types.has('string')) throw new CliUsageError(`--param ${pair}: expected a number`);
  }
  if (types.has('boolean')) {
    if (raw === 'true' || raw === 'false') return raw === 'true';
    if (!types.has('string')) throw new CliUsageError(`--param ${pair}: expected true or false`);
  }
  if (types.has('array') || types.has('object')) {
    throw new CliUsageError(`--param ${pair}: expected JSON (${[...types].join(' or ')})`);
  }
  return raw;
}
