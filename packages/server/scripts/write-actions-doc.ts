// Rewrites docs/server.md's "What is implemented" table from the action table: `npm run docs:actions -w
// @rtc-openapi/server` (action-coverage.ts renders it).
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderActionsSection, withActionsSection } from './action-coverage.js';

const path = fileURLToPath(new URL('../../../docs/server.md', import.meta.url));
const before = readFileSync(path, 'utf8');
const after = withActionsSection(before, renderActionsSection());
if (after !== before) writeFileSync(path, after);
console.log(after === before ? 'docs/server.md is up to date' : 'docs/server.md: "What is implemented" rewritten');
