// Request params against the action-version's schema. Runs on every server request, so the full check is a TypeBox
// validator compiled once per schema; the errors are walked only when the check fails, and only the first is kept.
import type { TObject, TSchema } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import { ValueErrorType } from '@sinclair/typebox/errors';
import { RtcArgumentError } from '../errors/rtc-argument-error.js';
import { ID_PATTERN_SOURCE, isValidId } from '../ids/id-rule.js';
import type { ActionSpec, ValidationIssue } from '../spec.js';
import { checkSpecArgument } from './check-spec.js';
import { describeSchema, describeValueType } from './describe-schema.js';
import { joinFieldPath, leafName, pointerToFieldPath } from './field-path.js';

export interface ValidateOptions {
  /**
   * `full` (default): every type and constraint of the schema. `local`: only required fields and the ID rule, what a
   * client checks before sending (the server stays the judge of the rest).
   */
  scope?: 'full' | 'local';
}

const compiled = new WeakMap<TObject, TypeCheck<TObject>>();

function validatorFor(schema: TObject): TypeCheck<TObject> {
  let check = compiled.get(schema);
  if (!check) compiled.set(schema, (check = TypeCompiler.Compile(schema)));
  return check;
}

/**
 * The finer catalog codes (§3.1) where the meaning is unambiguous: a malformed RoomId anywhere, and the sender and
 * recipients of the messaging actions. Everything else is plain `InvalidParameter`.
 */
function invalidCode(spec: ActionSpec, field: string): string {
  const leaf = leafName(field);
  if (leaf === 'RoomId') return 'InvalidParameter.IllegalRoomID';
  if (spec.area === 'messaging' && field === 'From') return 'InvalidParameter.IllegalFrom';
  if (spec.area === 'messaging' && (field === 'To' || /^To\[\d+\]$/.test(field))) return 'InvalidParameter.IllegalTo';
  return 'InvalidParameter';
}

function missing(field: string): ValidationIssue {
  return { field, code: 'MissingParameter', message: `${field} is required` };
}

function invalid(spec: ActionSpec, field: string, schema: TSchema, value: unknown): ValidationIssue {
  return {
    field,
    code: invalidCode(spec, field),
    message: `${field} must be ${describeSchema(schema)}, got ${describeValueType(value)}`,
  };
}

function notAnObject(params: unknown): ValidationIssue | undefined {
  if (typeof params === 'object' && params !== null && !Array.isArray(params)) return undefined;
  // The empty path names the params object itself.
  return {
    field: '',
    code: 'InvalidParameter',
    message: `params must be a JSON object, got ${describeValueType(params)}`,
  };
}

/** The first problem with `params`, or undefined when they are valid for `spec`. */
export function validateParams(
  spec: ActionSpec,
  params: unknown,
  options: ValidateOptions = {},
): ValidationIssue | undefined {
  checkSpecArgument(spec);
  const scope = options?.scope ?? 'full';
  if (scope !== 'full' && scope !== 'local') {
    throw new RtcArgumentError('options.scope', `expected 'full' or 'local', got ${JSON.stringify(scope)}`);
  }
  const notObject = notAnObject(params);
  if (notObject) return notObject;
  if (scope === 'local') return checkLocal(spec, spec.params, params as Record<string, unknown>, '');

  const check = validatorFor(spec.params);
  if (check.Check(params)) return undefined;
  const first = check.Errors(params).First();
  if (!first) return undefined;
  const field = pointerToFieldPath(first.path);
  if (first.type === ValueErrorType.ObjectRequiredProperty || first.value === undefined) return missing(field);
  return invalid(spec, field, first.schema, first.value);
}

type Node = TSchema & { type?: string; properties?: Record<string, Node>; required?: string[]; items?: Node };

function isIdSchema(schema: Node): boolean {
  return schema.type === 'string' && (schema as { pattern?: string }).pattern === ID_PATTERN_SOURCE;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Required fields and the ID rule only; a field of the wrong shape is not descended into (that is the server's call).
function checkLocal(
  spec: ActionSpec,
  schema: Node,
  value: Record<string, unknown>,
  path: string,
): ValidationIssue | undefined {
  const properties = schema.properties ?? {};
  for (const key of schema.required ?? []) {
    if (value[key] === undefined) return missing(joinFieldPath(path, key));
  }
  for (const [key, child] of Object.entries(properties)) {
    const v = value[key];
    if (v === undefined) continue;
    const issue = checkLocalValue(spec, child, v, joinFieldPath(path, key));
    if (issue) return issue;
  }
  return undefined;
}

function checkLocalValue(spec: ActionSpec, schema: Node, value: unknown, path: string): ValidationIssue | undefined {
  if (isIdSchema(schema)) return isValidId(value) ? undefined : invalid(spec, path, schema, value);
  if (schema.type === 'object' && isPlainObject(value)) return checkLocal(spec, schema, value, path);
  if (schema.type === 'array' && schema.items && Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const issue = checkLocalValue(spec, schema.items, value[i], joinFieldPath(path, i));
      if (issue) return issue;
    }
  }
  return undefined;
}
