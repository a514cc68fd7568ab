import { pino, type DestinationStream, type Logger, type LevelWithSilent } from 'pino';

export type { Logger } from 'pino';

/**
 * Paths pino replaces with `[redacted]` wherever they show up in a log object. The request log line never carries
 * these in the first place; redaction is the second lock for a careless `log.info({ headers })` or error object.
 */
export const REDACTED_PATHS: readonly string[] = [
  'authorization',
  'Authorization',
  'headers.authorization',
  'headers["x-security-token"]',
  'req.headers.authorization',
  'req.headers["x-security-token"]',
  'secretAccessKey',
  'SecretAccessKey',
  'sessionToken',
  'appKey',
  'AppKey',
  'token',
  'Token',
  'adminToken',
  '*.authorization',
  '*.Authorization',
  '*.secretAccessKey',
  '*.SecretAccessKey',
  '*.sessionToken',
  '*.appKey',
  '*.AppKey',
  '*.token',
  '*.Token',
  '*.adminToken',
];

export interface LoggerOptions {
  level?: LevelWithSilent;
  /** Where lines go; default stdout. Tests pass a stream to read them back. */
  destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: 'rtc-openapi' },
      redact: { paths: [...REDACTED_PATHS], censor: '[redacted]' },
    },
    options.destination ?? pino.destination({ dest: 1, sync: false }),
  );
}
