/**
 * A failure of a store-backed service call that its callers turn into their own wire format: the action handlers
 * into catalog codes, the admin API into HTTP statuses. `field` names the input at fault when there is one.
 */
export class RecordError extends Error {
  constructor(
    readonly kind: 'not-found' | 'conflict' | 'invalid',
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'RecordError';
  }
}
