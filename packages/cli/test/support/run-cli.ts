// Runs the command line from source, as a user would run the built one: a child process with its own env, stdin,
// stdout and stderr.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../src/bin.ts', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  stdin?: string;
}

/** The environment without any credentials of the machine running the tests. */
export function cleanEnv(extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...process.env };
  for (const name of ['VOLC_ACCESSKEY', 'VOLC_SECRETKEY', 'RTC_APP_KEY', 'RTC_OPENAPI_CREDENTIALS_FILE']) {
    delete env[name];
  }
  // A credentials file that does not exist, unless a test provides one.
  env.RTC_OPENAPI_CREDENTIALS_FILE = '/nonexistent/rtc-openapi-credentials';
  return { ...env, ...extra };
}

export function runCli(args: readonly string[], options: RunOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', bin, ...args], {
      env: options.env ?? cleanEnv(),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}
