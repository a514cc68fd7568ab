import { RtcArgumentError } from '../errors/rtc-argument-error.js';
import type { ActionSpec } from '../spec.js';

/** Public functions taking a spec check it first, so that a wrong argument is named instead of failing deep inside. */
export function checkSpecArgument(spec: unknown): asserts spec is ActionSpec {
  const s = spec as Partial<ActionSpec> | null;
  if (typeof s !== 'object' || s === null) throw new RtcArgumentError('spec', 'expected an ActionSpec object');
  const params = s.params as { type?: unknown; properties?: unknown } | undefined;
  if (
    typeof params !== 'object' ||
    params === null ||
    params.type !== 'object' ||
    typeof params.properties !== 'object'
  ) {
    throw new RtcArgumentError('spec.params', 'expected an object schema (ActionSpec.params)');
  }
}
