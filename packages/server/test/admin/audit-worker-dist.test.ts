import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { tempDataDir } from '../store/temp-data-dir.js';

const builtIndex = fileURLToPath(new URL('../../dist/index.js', import.meta.url));

// The tests run the sources, whose worker starts from `audit-worker-source.mjs`; the built package starts
// `dist/audit-worker.js`, a tsup entry of its own. This runs the build in plain node (no tsx), as `rtc-openapi serve`
// does, so that a build without the worker's entry fails here instead of losing the trail quietly.
test(
  'the built package commits audit rows from its worker thread',
  { skip: existsSync(builtIndex) ? false : 'no build (npm run build)' },
  (t) => {
    const dataDir = tempDataDir(t);
    const script = `
      const { openServices } = await import(process.argv[2]);
      const errors = [];
      const options = { writer: 'worker', flushIntervalMs: 3_600_000, onError: (e) => errors.push(String(e)) };
      const services = openServices({ dataDir: process.argv[3], env: {}, audit: options });
      services.audit.recordCall({ requestId: 'req-dist', code: 'Success', httpStatus: 200, latencyMs: 1, at: new Date(5) });
      const { total } = await services.audit.query({});
      services.close();
      console.log(JSON.stringify({ total, errors }));
    `;
    const file = join(dataDir, 'check.mjs');
    writeFileSync(file, script);
    const env = { ...process.env };
    delete env.NODE_OPTIONS;
    const out = execFileSync(process.execPath, [file, pathToFileURL(builtIndex).href, join(dataDir, 'data')], {
      encoding: 'utf8',
      env,
    });
    assert.deepEqual(JSON.parse(out), { total: 1, errors: [] });
  },
);
