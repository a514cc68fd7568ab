import { ProcessLauncher, type LaunchedExit } from './process-launcher.js';

/** Every media tool of the server is started by one launcher process (process-launcher.ts). */
let launcher: ProcessLauncher | undefined;

/**
 * Runs a media tool as a child process (its work is outside the server's event loop, at a lower priority so the
 * API stays responsive, and so is starting it: see ProcessLauncher) and resolves with its stdout; rejects with the
 * tail of stderr when it fails, and kills it when `signal` aborts.
 */
export async function runProcess(
  command: string,
  args: readonly string[],
  signal?: AbortSignal,
  /** Resolve with stderr whatever the exit code (for tools that describe their input there). */
  options: { stderrAnswers?: boolean } = {},
): Promise<string> {
  if (signal?.aborted) throw new Error('aborted');
  launcher ??= new ProcessLauncher();
  const run = launcher.launch(command, args);
  const onAbort = () => run.kill();
  signal?.addEventListener('abort', onAbort, { once: true });
  let exit: LaunchedExit;
  try {
    exit = await run.exited;
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  if (options.stderrAnswers && !signal?.aborted && exit.signal === null) return exit.stderr;
  if (exit.code === 0) return exit.stdout;
  if (signal?.aborted) throw new Error('aborted');
  throw new Error(`${command.split('/').pop()} exited with ${exit.code ?? exit.signal}: ${exit.stderr.trim()}`);
}

/** The launcher's pid (tests: the tools are its children, not the server's). */
export function launcherPid(): number | undefined {
  launcher ??= new ProcessLauncher();
  return launcher.pid;
}
