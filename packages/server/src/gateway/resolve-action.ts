import { getActionSpec, type ActionSpec } from '@rtc-openapi/api';
import { ApiError } from '../errors/api-error.js';
import type { QueryParams } from './query-params.js';

/**
 * The protocol stage: `Action` and `Version` from the query name a catalog entry, and the request's method must be
 * the one the catalog gives it (section 1.1: path `/`, Action and Version always in the query).
 */
export function resolveAction(method: string, query: QueryParams): ActionSpec {
  const action = query.get('Action');
  const version = query.get('Version');
  if (!action) throw new ApiError('MissingParameter', 'the query parameter Action is missing');
  if (!version) throw new ApiError('MissingParameter', 'the query parameter Version is missing');
  const spec = getActionSpec(action, version);
  if (!spec) {
    throw new ApiError(
      'InvalidActionOrVersion',
      `the action ${clip(action)} does not exist in version ${clip(version)}`,
    );
  }
  if (method !== spec.method) {
    throw new ApiError('MethodNotAllowed', `${spec.action} is called with ${spec.method}, not ${clip(method)}`);
  }
  return spec;
}

/** Echoed input is cut short so that an error message never grows with what the caller sent. */
export function clip(value: string, max = 64): string {
  return value.length <= max ? value : `${value.slice(0, max)}...`;
}
