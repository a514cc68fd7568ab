// Lookups over the generated specs. Built once at import; every lookup is a Map hit.
import { generatedActionSpecs } from '../generated/index.js';
import { RtcArgumentError } from '../errors/rtc-argument-error.js';
import type { ActionSpec } from '../spec.js';
import type { ActionName } from './action-types.js';

/** Every catalogued action-version (179), by action then version, oldest first. */
export const actionSpecs: readonly ActionSpec[] = Object.freeze(
  generatedActionSpecs.map((spec) => Object.freeze({ ...spec, idFields: Object.freeze([...spec.idFields]) })),
);

const byAction = new Map<string, Map<string, ActionSpec>>();
for (const spec of actionSpecs) {
  let versions = byAction.get(spec.action);
  if (!versions) byAction.set(spec.action, (versions = new Map()));
  versions.set(spec.version, spec);
}
const versionLists = new Map<string, readonly string[]>(
  [...byAction].map(([action, versions]) => [action, Object.freeze([...versions.keys()].sort())]),
);

/** Every catalogued action name (97), sorted. */
export const actionNames: readonly ActionName[] = Object.freeze([...byAction.keys()].sort() as ActionName[]);

function requireString(value: unknown, field: string): string {
  if (typeof value !== 'string') throw new RtcArgumentError(field, `expected a string, got ${describeType(value)}`);
  return value;
}

function describeType(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

export function isActionName(value: unknown): value is ActionName {
  return typeof value === 'string' && byAction.has(value);
}

/** The spec of `action` at `version`, or undefined when the catalog has no such action-version. */
export function getActionSpec(action: string, version: string): ActionSpec | undefined {
  requireString(action, 'action');
  requireString(version, 'version');
  return byAction.get(action)?.get(version);
}

/** The catalogued versions of `action`, oldest first; empty for an unknown action. */
export function actionVersions(action: string): readonly string[] {
  requireString(action, 'action');
  return versionLists.get(action) ?? [];
}

/** The newest catalogued version of `action`, or undefined for an unknown action. */
export function latestVersion(action: string): string | undefined {
  const versions = actionVersions(action);
  return versions[versions.length - 1];
}
