import { pino, type DestinationStream, type Logger, type LevelWithSilent } from 'pino';
import { isSonicBoom, LineBatch } from './line-batch.js';
import { requestLineWriter, type RequestLog } from './request-log.js';

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
   * never headers, params or results), so it needs no redaction pass; it is formatted without pino (request-log.ts).
   */
  requestLog: RequestLog;
}

export function createLoggers(options: LoggerOptions = {}): Loggers {
  const given = options.destination ?? pino.destination({ dest: 1, sync: false });
  // Both loggers share one batch, so their lines keep their order. Other streams (tests') are written line by line.
  const destination = isSonicBoom(given) ? new LineBatch(given) : given;
  const level = options.level ?? 'info';
  const service = 'rtc-openapi';
  const logger = pino(
    { level, base: { service }, redact: { paths: [...REDACTED_PATHS], censor: '[redacted]' } },
    destination,
  );
  return {
    logger,
    requestLog: requestLineWriter({ levelValue: logger.levels.values[level] ?? Infinity, service, destination }),
  };
}

export function createLogger(options: LoggerOptions = {}): Logger {
  return createLoggers(options).logger;
}
