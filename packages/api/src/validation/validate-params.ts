// Request params against the action-version's schema. Runs on every server request, so the full check is a TypeBox
// validator compiled once per schema; the errors are walked only when the check fails, and only the first is kept.
import type { TObject, TSchema } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import { ValueErrorType } from '@sinclair/typebox/errors';
import { RtcArgumentError } from '../errors/rtc-argument-error.js';
import { ID_MAX_LENGTH, ID_PATTERN, ID_PATTERN_SOURCE, isValidId } from '../ids/id-rule.js';
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
  if (!check) {
    try {
      check = TypeCompiler.Compile(schema);
    } catch (error) {
      // A hand-made spec whose params are not a TypeBox schema: name it rather than leak the compiler's error.
      throw new RtcArgumentError('spec.params', `not a TypeBox schema (${(error as Error).message})`);
    }
    compiled.set(schema, check);
  }
  return check;
}

/**
 * The finer catalog codes (§3.1) where the meaning is unambiguous: a malformed RoomId anywhere, and the sender and
 * recipients of the messaging actions. Everything else is plain `InvalidParameter`.
 */
function invalidCode(spec: ActionSpec, field: string): ValidationIssue['code'] {
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
    message: `${field} must be ${describeSchema(schema)}, got ${whatWasGiven(schema, value)}`,
  };
}

// An ID is no secret, so for a string that breaks the ID rule the message says what is wrong with it.
function whatWasGiven(schema: TSchema, value: unknown): string {
  if (typeof value !== 'string' || (schema as { pattern?: string }).pattern !== ID_PATTERN_SOURCE) {
    return describeValueType(value);
  }
  if (value === '') return 'an empty string';
  if (value.length > ID_MAX_LENGTH) return `${value.length} characters`;
  const bad = [...value].find((ch) => !ID_PATTERN.test(ch));
  return bad === undefined ? 'a string' : `the character ${JSON.stringify(bad)}`;
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
  if (typeof options !== 'object' || options === null) {
    throw new RtcArgumentError('options', 'expected an options object such as { scope: "local" }');
  }
  const scope = options.scope ?? 'full';
  if (scope !== 'full' && scope !== 'local') {
    // Not JSON.stringify(scope): a BigInt, a cycle or a deep value would throw something other than this error.
    const given: unknown = scope;
    const shown = typeof given === 'string' ? JSON.stringify(given.slice(0, 40)) : describeValueType(given);
    throw new RtcArgumentError('options.scope', `expected 'full' or 'local', got ${shown}`);
  }
  const notObject = notAnObject(params);
  if (notObject) return notObject;
  if (scope === 'local') return checkLocal(spec, localPlanFor(spec.params), params as Record<string, unknown>, '');

  const check = validatorFor(spec.params);
  if (check.Check(params)) return undefined;
  const first = check.Errors(params).First();
  if (!first) return undefined;
  const field = pointerToFieldPath(first.path);
  if (first.type === ValueErrorType.ObjectRequiredProperty || first.value === undefined) return missing(field);
  return invalid(spec, field, first.schema, first.value);
}

type Node = TSchema & { type?: string; properties?: Record<string, Node>; required?: string[]; items?: Node };

// What the local scope looks at, worked out once per schema: the required keys of each object and the branches that
// lead to an ID field. Branches with neither are left out, so a valid request costs a few property reads.
type ValuePlan =
  { kind: 'id'; schema: Node } | { kind: 'object'; plan: ObjectPlan } | { kind: 'array'; item: ValuePlan };
interface ObjectPlan {
  required: string[];
  fields: Array<{ key: string; plan: ValuePlan }>;
}

const localPlans = new WeakMap<TObject, ObjectPlan>();

function planValue(schema: Node): ValuePlan | undefined {
  if (schema.type === 'string' && (schema as { pattern?: string }).pattern === ID_PATTERN_SOURCE) {
    return { kind: 'id', schema };
  }
  if (schema.type === 'object') {
    const plan = planObject(schema);
    return plan.required.length > 0 || plan.fields.length > 0 ? { kind: 'object', plan } : undefined;
  }
  if (schema.type === 'array' && schema.items) {
    const item = planValue(schema.items);
    return item ? { kind: 'array', item } : undefined;
  }
  return undefined;
}

function planObject(schema: Node): ObjectPlan {
  const fields: ObjectPlan['fields'] = [];
  for (const [key, child] of Object.entries(schema.properties ?? {})) {
    const plan = planValue(child);
    if (plan) fields.push({ key, plan });
  }
  return { required: [...(schema.required ?? [])], fields };
}

function localPlanFor(schema: TObject): ObjectPlan {
  let plan = localPlans.get(schema);
  if (!plan) localPlans.set(schema, (plan = planObject(schema as Node)));
  return plan;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Required fields and the ID rule only; a field of the wrong shape is not descended into (that is the server's call).
// Paths are built only on the way to a problem or into a nested value, never for a field that passes.
function checkLocal(
  spec: ActionSpec,
  plan: ObjectPlan,
  value: Record<string, unknown>,
  path: string,
): ValidationIssue | undefined {
  for (const key of plan.required) {
    if (value[key] === undefined) return missing(joinFieldPath(path, key));
  }
  for (const field of plan.fields) {
    const v = value[field.key];
    if (v === undefined) continue;
    const issue = checkLocalValue(spec, field.plan, v, path, field.key);
    if (issue) return issue;
  }
  return undefined;
}

function checkLocalValue(
  spec: ActionSpec,
  plan: ValuePlan,
  value: unknown,
  parent: string,
  key: string | number,
): ValidationIssue | undefined {
  switch (plan.kind) {
    case 'id':
      return isValidId(value) ? undefined : invalid(spec, joinFieldPath(parent, key), plan.schema, value);
    case 'object':
      return isPlainObject(value) ? checkLocal(spec, plan.plan, value, joinFieldPath(parent, key)) : undefined;
    case 'array': {
      if (!Array.isArray(value)) return undefined;
      const path = joinFieldPath(parent, key);
      for (let i = 0; i < value.length; i++) {
        const issue = checkLocalValue(spec, plan.item, value[i], path, i);
        if (issue) return issue;
      }
      return undefined;
    }
  }
}
