// Media tools run as children of the launcher process, not of the server (whose fork would block its event loop):
// their stdout, failures with stderr's tail, aborts, stderr answers, a missing tool, and a launcher that dies.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { launcherPid, runProcess } from '../../src/media/run-process.js';

const node = process.execPath;
const script = (code: string) => ['-e', code];

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('runProcess through the launcher', () => {
  it('runs the tool as a child of the launcher, at a lower priority, and answers its stdout', async () => {
    const out = await runProcess(
      node,
      script('const os = require("node:os"); console.log(process.ppid, os.getPriority())'),
    );
    const [parent, priority] = out.trim().split(' ').map(Number);
    assert.equal(parent, launcherPid());
    assert.notEqual(parent, process.pid);
    assert.ok(priority! >= 10, `nice ${priority}`);
  });

  it('rejects with the tail of stderr when the tool fails, or answers stderr when asked', async () => {
    const failing = script('process.stderr.write("x".repeat(10000) + "the reason"); process.exit(3)');
    await assert.rejects(runProcess(node, failing), (error: Error) => {
      assert.match(error.message, /exited with 3: x+the reason$/);
      assert.ok(error.message.length < 4200, 'only the tail');
      return true;
    });
    assert.equal(await runProcess(node, failing, undefined, { stderrAnswers: true }), `${'x'.repeat(4086)}the reason`);
  });

  it('kills the tool when the signal aborts, and refuses an aborted signal at once', async () => {
    const abort = new AbortController();
    const started = Date.now();
    const running = runProcess(node, script('console.log(process.pid); setTimeout(() => {}, 60000)'), abort.signal);
    setTimeout(() => abort.abort(), 300);
    await assert.rejects(running, /aborted/);
    assert.ok(Date.now() - started < 10_000);
    await assert.rejects(runProcess(node, script(''), abort.signal), /aborted/);
  });

  it('rejects a tool that does not exist, naming the error', async () => {
    await assert.rejects(runProcess('/no/such/tool', []), /ENOENT/);
  });

  it('starts a new launcher when the old one died, failing only what it was running', async () => {
    const first = launcherPid()!;
    const running = runProcess(node, script('setTimeout(() => {}, 60000)'));
    await new Promise((resolve) => setTimeout(resolve, 200));
    process.kill(first, 'SIGKILL');
    await assert.rejects(running, /process launcher/);
    assert.equal((await runProcess(node, script('console.log("again")'))).trim(), 'again');
    assert.notEqual(launcherPid(), first);
    assert.equal(alive(first), false);
  });

  it('takes its tools with it when the server goes', async () => {
    // A child server that launches a long tool through the launcher, then is killed with SIGKILL.
    const dir = mkdtempSync(join(tmpdir(), 'rtc-launcher-'));
    const pidFile = join(dir, 'tool.pid');
    const tool = `require('node:fs').writeFileSync(${JSON.stringify(pidFile)}, String(process.pid)); setTimeout(() => {}, 60000)`;
    const source = new URL('../../src/media/run-process.ts', import.meta.url).pathname;
    const server = spawn(
      node,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `import { runProcess, launcherPid } from ${JSON.stringify(source)};
         void runProcess(process.execPath, ['-e', ${JSON.stringify(tool)}]);
         console.log(launcherPid());`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const launcher = await new Promise<number>((resolve) =>
      server.stdout.once('data', (b: Buffer) => resolve(Number(b))),
    );
    let deadline = Date.now() + 10_000;
    while (!existsSync(pidFile) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const toolPid = Number(readFileSync(pidFile, 'utf8'));
    assert.equal(alive(launcher) && alive(toolPid), true);
    server.kill('SIGKILL');
    deadline = Date.now() + 5000;
    while ((alive(launcher) || alive(toolPid)) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    rmSync(dir, { recursive: true, force: true });
    assert.equal(alive(launcher), false, 'the launcher went with the server');
    assert.equal(alive(toolPid), false, 'and so did the tool it ran');
  });
});
