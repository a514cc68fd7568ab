import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ModerationRule } from '../../src/moderation/moderation-store.js';
import { classify } from '../../src/moderation/verdict.js';

const rule = (userId: string, violations: { label: string; atMs: number }[]): ModerationRule => ({
  appId: 'app',
  roomId: 'room',
  userId,
  violations,
  updatedAt: 0,
});

test("a user's rule decides for that user, the room's for the others, and no rule passes", () => {
  const rules = [rule('', [{ label: 'ad', atMs: 5000 }]), rule('alice', [{ label: 'porn', atMs: 2000 }])];
  const window = { fromMs: 0, toMs: 10_000 };
  assert.deepEqual(classify(rules, 'alice', window).hits, [{ label: 'porn', atMs: 2000 }]);
  assert.deepEqual(classify(rules, 'bob', window).hits, [{ label: 'ad', atMs: 5000 }]);
  assert.equal(classify(rules, 'bob', window).rule?.userId, '');
  const none = classify([], 'bob', window);
  assert.deepEqual([none.suggest, none.hits, none.rule], ['PASS', [], undefined]);
  // An explicit pass for a user overrides the room's violations.
  const passed = classify([...rules, rule('carol', [])], 'carol', window);
  assert.deepEqual([passed.suggest, passed.rule?.userId], ['PASS', 'carol']);
});

test('a violation falls in exactly one of consecutive windows: [from, to)', () => {
  const rules = [rule('', [{ label: 'gun', atMs: 2000 }])];
  const windows = [
    { fromMs: 0, toMs: 2000 },
    { fromMs: 2000, toMs: 4000 },
    { fromMs: 4000, toMs: 6000 },
  ];
  assert.deepEqual(
    windows.map((w) => classify(rules, 'dave', w).suggest),
    ['PASS', 'REJECT', 'PASS'],
  );
  assert.equal(classify([rule('', [{ label: 'gun', atMs: 0 }])], 'dave', windows[0]!).suggest, 'REJECT');
});
