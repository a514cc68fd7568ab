import type { ModerationRule, Violation } from './moderation-store.js';

/** A capture's window in task time, ms: [fromMs, toMs). */
export interface CaptureWindow {
  fromMs: number;
  toMs: number;
}

/** What the stand-in classifier decided about one capture, and from which rule. */
export interface Verdict {
  suggest: 'PASS' | 'REJECT';
  /** The violations whose time falls in the window. */
  hits: Violation[];
  /** The rule that applied: the user's own, the room's, or none (pass by default). */
  rule: ModerationRule | undefined;
}

/**
 * The emulator's stand-in for the moderation model (docs/moderation.md): the operator's rule for the user, else the
 * room's rule, decides; without either the content passes. A capture violates when a violation of the rule falls in
 * its window, so each violation is reported once per kind of capture (snapshots, audio slices) and stream owner.
 */
export function classify(rules: readonly ModerationRule[], userId: string, window: CaptureWindow): Verdict {
  const rule = rules.find((r) => r.userId === userId) ?? rules.find((r) => r.userId === '');
  const hits = (rule?.violations ?? []).filter((v) => v.atMs >= window.fromMs && v.atMs < window.toMs);
  return { suggest: hits.length > 0 ? 'REJECT' : 'PASS', hits, rule };
}
