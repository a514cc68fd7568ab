import { spawn, type ChildProcess } from 'node:child_process';

/** What a launched process ended with. */
export interface LaunchedExit {
  /** Exit code, or null when a signal ended it. */
  code: number | null;
  signal: string | null;
  stdout: string;
  /** The last STDERR_TAIL bytes of its stderr. */
  stderr: string;
}

/** The last bytes of a process's stderr kept for its error message. */
export const STDERR_TAIL = 4096;

/** The nice value launched processes run at (lower priority than the server: the API stays responsive). */
const NICE = 10;

type ToLauncher = { type: 'run'; id: number; command: string; args: readonly string[] } | { type: 'kill'; id: number };
type FromLauncher = { id: number; error: string } | ({ id: number } & LaunchedExit);

/**
 * The launcher process's program (plain CommonJS, run with `node -e`, so that it loads nothing else and stays small):
 * it spawns what it is asked to, at a lower priority, and sends back each one's exit code, stdout and stderr's tail;
 * when the server goes (its IPC channel closes, even on kill -9) it kills what it launched and exits.
 */
const LAUNCHER_PROGRAM = `
const { spawn } = require('node:child_process');
const { setPriority } = require('node:os');
const running = new Map();
const send = (message) => { if (process.connected) process.send(message); };
process.on('message', (m) => {
  if (m.type === 'kill') { running.get(m.id)?.kill('SIGKILL'); return; }
  let child;
  try {
    child = spawn(m.command, m.args, { stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    send({ id: m.id, error: String(error && error.message) });
    return;
  }
  running.set(m.id, child);
  if (child.pid !== undefined) { try { setPriority(child.pid, ${NICE}); } catch {} }
  const out = [];
  let err = '';
  child.stdout.on('data', (chunk) => out.push(chunk));
  child.stderr.on('data', (chunk) => { err = (err + chunk.toString()).slice(-${STDERR_TAIL}); });
  let told = false;
  const tell = (message) => { if (!told) { told = true; running.delete(m.id); send(message); } };
  child.once('error', (error) => tell({ id: m.id, error: String(error && error.message) }));
  child.once('close', (code, signal) =>
    tell({ id: m.id, code, signal, stdout: Buffer.concat(out).toString(), stderr: err }));
});
process.on('disconnect', () => {
  for (const child of running.values()) child.kill('SIGKILL');
  process.exit(0);
});
`;

interface Pending {
  resolve(exit: LaunchedExit): void;
  reject(error: Error): void;
}

/**
 * Starts media tools from a small helper process instead of the server's. Node's spawn forks the calling process on
 * the event loop, and the time that takes grows with the process's memory: a few milliseconds for a server of a few
 * hundred megabytes, every render, join and probe. Asking the launcher is a message; the fork happens in a process of
 * a few dozen megabytes, off the server's event loop. The launcher starts on first use, is started again if it dies,
 * and never keeps the server alive by itself.
 */
export class ProcessLauncher {
  #child: ChildProcess | undefined;
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;

  /** Runs `command` with `args`; resolves when it has exited (whatever its code); `kill` ends it (SIGKILL). */
  launch(command: string, args: readonly string[]): { exited: Promise<LaunchedExit>; kill(): void } {
    const id = this.#nextId++;
    const child = this.#launcher();
    const exited = new Promise<LaunchedExit>((resolve, reject) => this.#pending.set(id, { resolve, reject }));
    if (!this.#send(child, { type: 'run', id, command, args })) {
      this.#settle({ id, error: 'the process launcher is gone' });
    }
    this.#refWhileBusy();
    return { exited, kill: () => void this.#send(child, { type: 'kill', id }) };
  }

  /** The launcher's pid (started if it was not). */
  get pid(): number | undefined {
    return this.#launcher().pid;
  }

  #launcher(): ChildProcess {
    if (this.#child) return this.#child;
    // Without NODE_OPTIONS: a loader the server runs under (tsx) would make the launcher big again.
    const { NODE_OPTIONS: _unused, ...env } = process.env;
    const child = spawn(process.execPath, ['-e', LAUNCHER_PROGRAM], {
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      env,
    });
    child.on('message', (message: FromLauncher) => this.#settle(message));
    const gone = (reason: string) => {
      if (this.#child !== child) return;
      this.#child = undefined;
      const pending = [...this.#pending.values()];
      this.#pending.clear();
      for (const p of pending) p.reject(new Error(`the process launcher ${reason}`));
    };
    child.once('disconnect', () => gone('disconnected'));
    child.once('exit', (code, signal) => gone(`exited (${code ?? signal})`));
    child.once('error', (error) => gone(`failed: ${error.message}`));
    child.unref();
    this.#child = child;
    return child;
  }

  #send(child: ChildProcess, message: ToLauncher): boolean {
    if (!child.connected) return false;
    child.send(message);
    return true;
  }

  #settle(message: FromLauncher): void {
    const pending = this.#pending.get(message.id);
    if (!pending) return;
    this.#pending.delete(message.id);
    this.#refWhileBusy();
    if ('error' in message) pending.reject(new Error(message.error));
    else pending.resolve(message);
  }

  /** The IPC channel keeps the server alive only while something it launched runs (as a direct child's pipes do). */
  #refWhileBusy(): void {
    const channel = this.#child?.channel;
    if (!channel) return;
    if (this.#pending.size > 0) channel.ref();
    else channel.unref();
  }
}
