// `rtc-openapi admin ...` from source on a data directory, as the admin tests run it: without the machine's
// RTC_MASTER_KEY and RTC_DATA_DIR.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const BIN = join(ROOT, 'packages/cli/src/bin.ts');

export interface AdminRun {
  code: number;
  stdout: string;
  stderr: string;
}

export function admin(dataDir: string, ...args: string[]): Promise<AdminRun> {
  const env = { ...process.env };
  delete env.RTC_MASTER_KEY;
  delete env.RTC_DATA_DIR;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', BIN, 'admin', ...args, '--data', dataDir],
      { cwd: ROOT, env },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** The command's `--json` answer; it must succeed. */
export async function adminJson(dataDir: string, ...args: string[]) {
  const run = await admin(dataDir, ...args, '--json');
  assert.equal(run.code, 0, `admin ${args.join(' ')}: ${run.stderr}`);
  return JSON.parse(run.stdout);
}
