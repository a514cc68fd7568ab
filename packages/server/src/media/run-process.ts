import { spawn } from 'node:child_process';
import { setPriority } from 'node:os';

/** The last bytes of a process's stderr kept for its error message. */
const STDERR_TAIL = 4096;

/**
 * Runs a media tool as a child process (its work is outside the server's event loop, at a lower priority so the
 * API stays responsive) and resolves with its stdout; rejects with the tail of stderr when it fails, and kills it
 * when `signal` aborts.
 */
export function runProcess(
  command: string,
  args: readonly string[],
  signal?: AbortSignal,
  /** Resolve with stderr whatever the exit code (for tools that describe their input there). */
  options: { stderrAnswers?: boolean } = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new Error('aborted'));
      return;
    }
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    if (child.pid !== undefined) {
      try {
        setPriority(child.pid, 10);
      } catch {
        // Not allowed here: it runs at the server's priority.
      }
    }
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      err = (err + chunk.toString()).slice(-STDERR_TAIL);
    });
    const onAbort = () => child.kill('SIGKILL');
    signal?.addEventListener('abort', onAbort, { once: true });
    child.once('error', (error) => {
      signal?.removeEventListener('abort', onAbort);
      reject(error);
    });
    child.once('close', (code, killedBy) => {
      signal?.removeEventListener('abort', onAbort);
      if (options.stderrAnswers && !signal?.aborted && killedBy === null) resolve(err);
      else if (code === 0) resolve(Buffer.concat(out).toString());
      else if (signal?.aborted) reject(new Error('aborted'));
      else reject(new Error(`${command.split('/').pop()} exited with ${code ?? killedBy}: ${err.trim()}`));
    });
  });
}
