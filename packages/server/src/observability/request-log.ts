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
  // A caller's lines differ only in their id, time and latency: the fields between them are kept from the last line
  // and reused while the same caller gets the same answer to the same action (equal strings are usually the same
  // objects here, which makes the comparisons cheap).
  let last: RequestLine | undefined;
  let lastMiddle = '';
  return (line) => {
    if (
      last === undefined ||
      line.accountId !== last.accountId ||
      line.userId !== last.userId ||
      line.accessKeyId !== last.accessKeyId ||
      line.action !== last.action ||
      line.version !== last.version ||
      line.code !== last.code ||
      line.status !== last.status
    ) {
      lastMiddle = middleFields(line);
    }
    last = line;
    destination.write(
      head +
        Date.now() +
        service +
        `,"requestId":${jsonString(line.requestId)}` +
        lastMiddle +
        `,"latencyMs":${line.latencyMs},"msg":"request"}\n`,
    );
  };
}

/** The fields between the request id and the latency. */
function middleFields(line: RequestLine): string {
  return (
    optional('accountId', line.accountId) +
    optional('userId', line.userId) +
    optional('accessKeyId', line.accessKeyId) +
    `,"action":${jsonString(line.action)},"version":${jsonString(line.version)}` +
    `,"code":${jsonString(line.code)},"status":${line.status}`
  );
}

/** For a caller that has only a pino logger (tests): the same fields through pino. */
export function requestLogVia(logger: Logger): RequestLog {
  return (line) => logger.info(line, 'request');
}

function optional(name: string, value: string | undefined): string {
  return value === undefined ? '' : `,"${name}":${jsonString(value)}`;
}
