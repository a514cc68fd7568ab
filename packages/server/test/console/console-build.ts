// The console is built into the server package by `npm run build`; tests that serve it build it once when absent.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const BUILT = fileURLToPath(new URL('../../console-dist/index.html', import.meta.url));

export function ensureConsoleBuilt(): void {
  if (existsSync(BUILT)) return;
  execFileSync('npm', ['run', 'build', '-w', '@rtc-openapi/console'], { cwd: ROOT, stdio: 'ignore' });
}
