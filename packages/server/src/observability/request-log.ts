import type { DestinationStream, Logger } from 'pino';
import { jsonString } from '../json-string.js';

/** The one line written per API call. Its fields are an allow-list: never headers, params or results. */
export interface RequestLine {
  requestId: string;
  accountId?: string | undefined;
  userId?: string | undefined;
  accessKeyId?: string | undefined;
  action: string;
  version: string;
  code: string;
  status: number;
  latencyMs: number;
}

export type RequestLog = (line: RequestLine) => void;

/** pino's number for `info`. */
const INFO = 30;

/**
 * Writes the request line as pino would (`{"level":30,"time":…,"service":…,<fields>,"msg":"request"}`), into the
 * same destination as the other loggers, but formatted here: the fields and their order are fixed, so the line is
 * one string concatenation instead of pino's walk over the object (the bench's stage table prints its cost). Nothing
 * is written when the level is above info.
 */
export function requestLineWriter(options: {
  levelValue: number;
  service: string;
  destination: DestinationStream;
}): RequestLog {
  if (options.levelValue > INFO) return () => {};
  const head = `{"level":${INFO},"time":`;
  const service = `,"service":${JSON.stringify(options.service)}`;
  const { destination } = options;
  return (line) => {
    destination.write(
      head +
        Date.now() +
        service +
        `,"requestId":${jsonString(line.requestId)}` +
        optional('accountId', line.accountId) +
        optional('userId', line.userId) +
        optional('accessKeyId', line.accessKeyId) +
        `,"action":${jsonString(line.action)},"version":${jsonString(line.version)}` +
        `,"code":${jsonString(line.code)},"status":${line.status},"latencyMs":${line.latencyMs}` +
        ',"msg":"request"}\n',
    );
  };
}

/** For a caller that has only a pino logger (tests): the same fields through pino. */
export function requestLogVia(logger: Logger): RequestLog {
  return (line) => logger.info(line, 'request');
}

function optional(name: string, value: string | undefined): string {
  return value === undefined ? '' : `,"${name}":${jsonString(value)}`;
}
