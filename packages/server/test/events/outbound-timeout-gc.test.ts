// Node 20's AbortSignal.timeout never fires inside AbortSignal.any once a garbage collection has run (issue 22):
// outgoing calls must be bounded by a timer the code holds. The check runs in a child process started with
// --expose-gc (the test runner's own process has no gc()), which forces collections while calls wait.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { it } from 'node:test';

const fixture = fileURLToPath(new URL('./gc-timeout.fixture.ts', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

interface Report {
  collections: number;
  calls: number[];
  settledMs: number;
  attempts: { outcome: string; error: string | undefined; ms: number }[][];
}

it('outgoing calls end at their timeout although collections run while they wait', async () => {
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(
      process.execPath,
      ['--expose-gc', '--conditions=source', '--import', 'tsx', fixture],
      { cwd: repoRoot, timeout: 30_000 },
      (error, out, err) => (error ? reject(new Error(`${error.message}\n${err}`)) : resolve(out)),
    );
  });
  const report = JSON.parse(stdout.trim().split('\n').at(-1)!) as Report;
  assert.ok(report.collections >= 6, `${report.collections} collections forced`);
  // 300 ms timeouts: each call ends then, not after the receiver (which never answers) or never.
  assert.equal(report.calls.length, 9);
  for (const ms of report.calls) {
    assert.ok(ms !== -1, 'a call was still waiting after 3 s');
    assert.ok(ms >= 290 && ms < 1000, `a call ended after ${ms} ms`);
  }
  assert.ok(report.settledMs >= 0, 'every event reached its final outcome');
  assert.equal(report.attempts.length, 3);
  for (const attempts of report.attempts) {
    assert.deepEqual(
      attempts.map((a) => [a.outcome, a.error]),
      [
        ['retry', 'no answer within 300 ms'],
        ['failed', 'no answer within 300 ms'],
      ],
    );
    for (const a of attempts) assert.ok(a.ms < 1000, `an attempt took ${a.ms} ms`);
  }
});
