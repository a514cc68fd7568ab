// docs/server.md's "What is implemented" is the action table's: the committed section is what the script writes.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { actionSpecs } from '@rtc-openapi/api';
import { BEGIN_MARKER, END_MARKER, renderActionsSection, withActionsSection } from '../../scripts/action-coverage.js';

const DOCS = fileURLToPath(new URL('../../../../docs/', import.meta.url));

test('docs/server.md lists what the action table serves, as `npm run docs:actions` writes it', () => {
  const committed = readFileSync(`${DOCS}server.md`, 'utf8');
  const section = renderActionsSection();
  assert.equal(
    withActionsSection(committed, section),
    committed,
    'docs/server.md is out of date: run npm run docs:actions -w @rtc-openapi/server',
  );
  // One row per area, every action named once, every page linked exists.
  const rows = section.split('\n').filter((line) => /^\| [a-z-]+ \| \d+ of \d+ \|/.test(line));
  assert.equal(rows.length, new Set(actionSpecs.map((s) => s.area)).size);
  for (const action of new Set(actionSpecs.map((s) => s.action))) {
    assert.equal([...section.matchAll(new RegExp(`[|;] ${action} \\(`, 'g'))].length, 1, action);
  }
  for (const [, page] of section.matchAll(/\]\(([a-z-]+\.md)\)/g)) assert.ok(existsSync(`${DOCS}${page}`), page);
});

test('the section is replaced between its markers only, and missing markers are an error', () => {
  const text = `before\n${BEGIN_MARKER}\nold\n${END_MARKER}\nafter\n`;
  assert.equal(withActionsSection(text, 'NEW'), 'before\nNEW\nafter\n');
  assert.throws(() => withActionsSection('no markers', 'NEW'), /lacks the actions markers/);
});
