/**
 * Thrown by the public functions of this package when a caller passes a bad argument. It is a TypeError (a
 * programming mistake, not a request to reject) and names the offending field; the message never repeats the
 * value of a credential field.
 */
export class SignerArgumentError extends TypeError {
  readonly field: string;

  constructor(field: string, problem: string) {
    super(`${field} ${problem}`);
    this.name = 'SignerArgumentError';
    this.field = field;
  }
}
