let guarded = false;

/** Writes to stdout; a reader that went away (`| head`) ends the process quietly instead of with EPIPE. */
export function writeStdout(text: string): void {
  if (!guarded) {
    guarded = true;
    process.stdout.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw error;
    });
  }
  process.stdout.write(text);
}
