import { isValidId } from '@rtc-openapi/api';
import type { DetectionResult, ModerationRule, ModerationStore, Violation } from '../moderation/moderation-store.js';
import { RecordError } from '../store/record-error.js';
import { optionalText, requiredText } from './admin-input.js';

type Input = Record<string, unknown>;

const LABEL = /^[\p{L}\p{N}_.:-]{1,64}$/u;
const MAX_VIOLATIONS = 100;
/** Task time a violation may be set at: up to 30 days. */
const MAX_AT_MS = 30 * 86_400_000;
const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

/**
 * Content moderation, administered: the operator's verdict rules (the stand-in for the classifier) per room or per
 * user of a room, and the results the detection tasks reached (docs/moderation.md).
 */
export class ModerationAdmin {
  readonly #store: ModerationStore;

  constructor(store: ModerationStore) {
    this.#store = store;
  }

  /**
   * Sets the verdict for a room (`userId` left out) or a user of it: `violations` (a list of `{label, atMs}`, or of
   * `label@time` texts, time in ms or with a unit ms, s, m, h) at task-relative times; none (or `pass: true`) passes.
   */
  set(appId: string, input: Input) {
    const { roomId, userId } = target(input);
    const pass = input.pass === true || input.pass === 'true';
    const violations = violationsOf(input.violations);
    if (pass && violations.length > 0) {
      throw new RecordError('invalid', 'give either pass or violations, not both', 'violations');
    }
    const rule: ModerationRule = { appId, roomId, userId, violations, updatedAt: Date.now() };
    this.#store.setRule(rule);
    return ruleView(rule);
  }

  list(appId: string, input: Input) {
    const roomId = optionalText(input, 'roomId');
    if (roomId !== undefined) checkId(roomId, 'roomId');
    return { appId, rules: this.#store.rules(appId, roomId).map(ruleView) };
  }

  /** Removes a rule: that room or user passes again (a user falls back to the room's rule). */
  remove(appId: string, input: Input) {
    const { roomId, userId } = target(input);
    if (!this.#store.removeRule(appId, roomId, userId)) {
      const whose = userId === '' ? `room ${roomId}` : `user ${userId} of room ${roomId}`;
      throw new RecordError('not-found', `no moderation rule for ${whose}`, userId === '' ? 'roomId' : 'userId');
    }
  }

  results(appId: string, input: Input, page: { offset: number; limit: number }) {
    const roomId = optionalText(input, 'roomId');
    const userId = optionalText(input, 'userId');
    const { total, results } = this.#store.results(
      { appId, ...(roomId !== undefined && { roomId }), ...(userId !== undefined && { userId }) },
      page,
    );
    return { total, results: results.map(resultView) };
  }
}

function target(input: Input): { roomId: string; userId: string } {
  const roomId = checkId(requiredText(input, 'roomId'), 'roomId');
  const userId = optionalText(input, 'userId');
  return { roomId, userId: userId === undefined ? '' : checkId(userId, 'userId') };
}

function checkId(value: string, field: string): string {
  if (!isValidId(value)) throw new RecordError('invalid', `${field} must be 1 to 128 of a-z A-Z 0-9 _ @ . -`, field);
  return value;
}

/** A list of violations: objects `{label, atMs}`, texts `label@time`, or (from the CLI) one comma list of texts. */
function violationsOf(raw: unknown): Violation[] {
  if (raw === undefined || raw === null || raw === '') return [];
  const list = typeof raw === 'string' ? raw.split(',').map((s) => s.trim()) : raw;
  if (!Array.isArray(list)) {
    throw new RecordError('invalid', 'violations must be a list of {label, atMs} or label@time', 'violations');
  }
  if (list.length > MAX_VIOLATIONS) {
    throw new RecordError('invalid', `violations has at most ${MAX_VIOLATIONS} entries`, 'violations');
  }
  return list
    .map((item, i) => violationOf(item, `violations[${i}]`))
    .sort((a, b) => a.atMs - b.atMs || a.label.localeCompare(b.label));
}

function violationOf(item: unknown, field: string): Violation {
  let label: unknown;
  let at: unknown;
  if (typeof item === 'string') {
    const split = item.lastIndexOf('@');
    if (split < 0) throw new RecordError('invalid', `${field} must be label@time, got ${JSON.stringify(item)}`, field);
    [label, at] = [item.slice(0, split), item.slice(split + 1)];
  } else if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
    ({ label, atMs: at } = item as { label?: unknown; atMs?: unknown });
  } else {
    throw new RecordError('invalid', `${field} must be {label, atMs} or label@time`, field);
  }
  if (typeof label !== 'string' || !LABEL.test(label)) {
    throw new RecordError('invalid', `${field}.label must be 1 to 64 letters, digits or _ . : -`, `${field}.label`);
  }
  return { label, atMs: timeOf(at, `${field}.atMs`) };
}

/** Task-relative time: whole ms, or a number with a unit (ms, s, m, h). */
function timeOf(raw: unknown, field: string): number {
  let ms: number | undefined;
  if (typeof raw === 'number') ms = raw;
  else if (typeof raw === 'string') {
    const match = /^([0-9]+(?:\.[0-9]+)?)(ms|s|m|h)?$/.exec(raw.trim());
    if (match) ms = Math.round(Number(match[1]) * UNIT_MS[(match[2] ?? 'ms') as keyof typeof UNIT_MS]);
  }
  if (ms === undefined || !Number.isSafeInteger(ms) || ms < 0 || ms > MAX_AT_MS) {
    throw new RecordError(
      'invalid',
      `${field} must be a task time from 0 to 30 days: ms, or a number with ms, s, m or h`,
      field,
    );
  }
  return ms;
}

function ruleView(rule: ModerationRule) {
  return {
    appId: rule.appId,
    roomId: rule.roomId,
    ...(rule.userId !== '' && { userId: rule.userId }),
    verdict: rule.violations.length === 0 ? 'pass' : 'violation',
    violations: rule.violations,
    updatedAt: new Date(rule.updatedAt).toISOString(),
  };
}

function resultView(result: DetectionResult) {
  return { ...result, at: new Date(result.at).toISOString() };
}
