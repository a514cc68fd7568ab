/** Resolves after `ms`, or rejects with `onAbort(reason)` as soon as `signal` fires. */
export function wait(ms: number, signal: AbortSignal | undefined, onAbort: (reason: unknown) => Error): Promise<void> {
  if (signal?.aborted) return Promise.reject(onAbort(signal.reason));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', abort);
      resolve();
    }, ms);
    const abort = (): void => {
      clearTimeout(timer);
      reject(onAbort(signal?.reason));
    };
    signal?.addEventListener('abort', abort, { once: true });
  });
}
