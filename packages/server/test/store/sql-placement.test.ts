import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

/** SQL a statement could run: a query, a write or a schema change. */
const SQL =
  /\b(SELECT\s[\s\S]*?\sFROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+(TABLE|INDEX)|ALTER\s+TABLE)\b/;

/** Where SQL may be: a domain's SQLite store, a domain's migrations, and the database plumbing of store/. */
function mayHoldSql(path: string): boolean {
  const name = path.split('/').pop()!;
  return /^sqlite-[a-z-]+-store\.ts$/.test(name) || name === 'migrations.ts' || path === 'store/database.ts';
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

test("SQL lives only in the domains' sqlite-*-store.ts files and migrations (issue 16: stores behind interfaces)", () => {
  const files = sourceFiles(SRC).map((file) => relative(SRC, file).split('\\').join('/'));
  const stores = files.filter((path) => /\/sqlite-[a-z-]+-store\.ts$/.test(path));
  assert.ok(stores.length >= 7, `the SQLite stores: ${stores.join(', ')}`);
  const misplaced = files.filter((path) => !mayHoldSql(path) && SQL.test(readFileSync(join(SRC, path), 'utf8')));
  assert.deepEqual(misplaced, [], 'files holding SQL outside a store');
  // Each SQLite store implements an interface of its domain, in the file named for it.
  for (const path of stores) {
    const text = readFileSync(join(SRC, path), 'utf8');
    const implemented = /class \w+ implements (\w+)/.exec(text)?.[1];
    assert.ok(implemented, `${path} implements a store interface`);
    const iface = path.replace(/sqlite-([a-z-]+-store)\.ts$/, '$1.ts');
    assert.ok(files.includes(iface), `${path}: its interface file ${iface}`);
    assert.match(readFileSync(join(SRC, iface), 'utf8'), new RegExp(`export interface ${implemented}\\b`));
  }
});
