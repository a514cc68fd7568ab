/** The error an outgoing call ends with when its time is up. */
export class OutboundTimeoutError extends Error {
  override readonly name = 'OutboundTimeoutError';
  constructor(readonly timeoutMs: number) {
    super(`no complete answer within ${timeoutMs} ms`);
  }
}

/**
 * Runs one outgoing call (connect, request, answer and its body: everything `call` awaits) under a deadline that
 * fires whatever the garbage collector does, and ends it early when `stopSignal` aborts.
 *
 * On Node 20, `AbortSignal.any([..., AbortSignal.timeout(ms)])` never fires once a collection runs before it is due
 * (the timeout signal is held weakly), so a receiver that never answers kept a call open forever. Here the deadline
 * is a timer this function holds and clears in `finally`; when it fires it aborts the signal handed to `call`, and
 * the returned promise rejects with an OutboundTimeoutError at that moment even if `call` ignores its signal. The
 * stop signal is followed with a listener removed in `finally`, not with AbortSignal.any. Whatever `call` started
 * and left running (an unread body) is aborted when it returns, so nothing outlives the call.
 */
export async function withOutboundTimeout<T>(
  timeoutMs: number,
  call: (signal: AbortSignal) => Promise<T>,
  stopSignal?: AbortSignal,
): Promise<T> {
  const controller = new AbortController();
  let expire!: (reason: unknown) => void;
  const expired = new Promise<never>((_resolve, reject) => {
    expire = reject;
  });
  const end = (reason: unknown): void => {
    controller.abort(reason);
    expire(reason);
  };
  const onStop = (): void => end(stopSignal!.reason);
  if (stopSignal?.aborted) throw stopSignal.reason;
  stopSignal?.addEventListener('abort', onStop, { once: true });
  const timer = setTimeout(() => end(new OutboundTimeoutError(timeoutMs)), timeoutMs);
  try {
    return await Promise.race([call(controller.signal), expired]);
  } finally {
    clearTimeout(timer);
    stopSignal?.removeEventListener('abort', onStop);
    controller.abort();
  }
}
