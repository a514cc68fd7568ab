// The console is built into the server package by `npm run build`; tests that serve it build it when it is absent
// or older than its sources.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const BUILT = fileURLToPath(new URL('../../console-dist/index.html', import.meta.url));
const SOURCES = join(ROOT, 'packages', 'console');

export function ensureConsoleBuilt(): void {
  if (existsSync(BUILT) && newestSource(SOURCES) <= statSync(BUILT).mtimeMs) return;
  execFileSync('npm', ['run', 'build', '-w', '@rtc-openapi/console'], { cwd: ROOT, stdio: 'ignore' });
}

function newestSource(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules') continue;
    const path = join(dir, name);
    const info = statSync(path);
    newest = Math.max(newest, info.isDirectory() ? newestSource(path) : info.mtimeMs);
  }
  return newest;
}
