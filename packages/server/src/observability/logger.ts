import { pino, type DestinationStream, type Logger, type LevelWithSilent } from 'pino';
import { isSonicBoom, LineBatch } from './line-batch.js';

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

export interface Loggers {
  /** For everything: redacts the paths above. */
  logger: Logger;
  /**
   * For the one line per request only. That line is built from an allow-list of fields (ids, action, code, latency;
   * never headers, params or results), so it skips the redaction pass, which costs more than the rest of the line.
   */
  requestLog: Logger;
}

export function createLoggers(options: LoggerOptions = {}): Loggers {
  const given = options.destination ?? pino.destination({ dest: 1, sync: false });
  // Both loggers share one batch, so their lines keep their order. Other streams (tests') are written line by line.
  const destination = isSonicBoom(given) ? new LineBatch(given) : given;
  const level = options.level ?? 'info';
  const base = { service: 'rtc-openapi' };
  return {
    logger: pino({ level, base, redact: { paths: [...REDACTED_PATHS], censor: '[redacted]' } }, destination),
    requestLog: pino({ level, base }, destination),
  };
}

export function createLogger(options: LoggerOptions = {}): Logger {
  return createLoggers(options).logger;
}
