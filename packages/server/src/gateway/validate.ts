import { validateParams, type ActionSpec } from '@rtc-openapi/api';
import { ApiError } from '../errors/api-error.js';

/** The second half of the validate stage: the params against the catalog schema (types, required, enums, ranges, ID rule). */
export function validate(spec: ActionSpec, params: Record<string, unknown>): void {
  const issue = validateParams(spec, params, { scope: 'full' });
  if (issue) throw new ApiError(issue.code, issue.message);
}
