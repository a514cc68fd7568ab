import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const packageDir = fileURLToPath(new URL('../../', import.meta.url));

describe('scripts/generate.ts', () => {
  it('regenerates exactly the committed src/generated files', () => {
    const out = mkdtempSync(join(tmpdir(), 'rtc-api-generated-'));
    try {
      const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/generate.ts', '--out', out], {
        cwd: packageDir,
        encoding: 'utf8',
      });
      assert.equal(run.status, 0, run.stderr);
      const committedDir = join(packageDir, 'src', 'generated');
      const fresh = readdirSync(out).sort();
      assert.deepEqual(readdirSync(committedDir).sort(), fresh);
      assert.ok(fresh.length > 10);
      for (const name of fresh) {
        const same = readFileSync(join(out, name), 'utf8') === readFileSync(join(committedDir, name), 'utf8');
        assert.ok(same, `src/generated/${name} is stale: run npm run generate -w @rtc-openapi/api`);
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
