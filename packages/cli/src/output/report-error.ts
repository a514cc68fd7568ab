import { isRtcError, RtcApiError } from '@rtc-openapi/client';

/** Exit status for bad input caught before anything was sent. */
export const EXIT_USAGE = 2;
/** Exit status for a failed call or any other failure. */
export const EXIT_FAILURE = 1;

/**
 * Prints a failure on stderr (code, message and RequestId for service errors) and sets the exit status. Never prints
 * credentials: the errors of the client carry none.
 */
export function reportError(error: unknown): void {
  const lines: string[] = [];
  if (error instanceof RtcApiError) {
    lines.push(`error: ${error.code}: ${error.serverMessage}`);
    lines.push(`RequestId: ${error.requestId || '-'}`);
    lines.push(`HTTP status: ${error.httpStatus}   action: ${error.action} ${error.version}`);
    if (error.canonicalRequest !== undefined) {
      lines.push('', 'canonical request this client signed:', error.canonicalRequest);
      lines.push('', 'string to sign:', error.stringToSign ?? '');
    }
  } else if (isRtcError(error)) {
    const field = (error as { field?: string }).field;
    lines.push(`error: ${error.kind}: ${error.message}`);
    if (field) lines.push(`field: ${field}`);
  } else {
    lines.push(`error: ${error instanceof Error ? error.message : String(error)}`);
  }
  process.stderr.write(lines.join('\n') + '\n');
  const usage = error instanceof CliUsageError || (isRtcError(error) && error.kind === 'RTC_ERR_VALIDATION');
  process.exitCode = usage ? EXIT_USAGE : EXIT_FAILURE;
}

/** A problem with the command line itself, named for the flag. */
export class CliUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}
