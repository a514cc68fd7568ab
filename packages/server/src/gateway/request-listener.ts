import type { IncomingMessage, ServerResponse } from 'node:http';
import { isActionName } from '@rtc-openapi/api';
import { whenReady } from '../awaitable.js';
import type { Logger } from '../observability/logger.js';
import { requestLogVia, type RequestLine, type RequestLog } from '../observability/request-log.js';
import type { RequestMetrics } from '../observability/request-metrics.js';
import type { ApiRequest } from './api-request.js';
import { DEFAULT_REGION } from './credential-region.js';
import { handleApiCall, type ApiCallOutcome, type GatewayDeps } from './handle-api-call.js';
import { BodyTooLargeError, EMPTY_BODY, readBody } from './read-body.js';
import { renderError, type RenderedResponse } from './render-envelope.js';
import { AnswerBatch } from './answer-batch.js';
import { ApiError } from '../errors/api-error.js';
import { parseQuery } from './query-params.js';
import { newRequestId } from './request-id.js';

export interface RequestListenerOptions extends GatewayDeps {
  logger: Logger;
  /** Where the per-request line goes (see observability/request-log.ts); default `logger`, at info. */
  requestLog?: RequestLog;
  metrics: RequestMetrics;
  clock: () => number;
  bodyLimitBytes: number;
  /** Served under `/admin/` (it does its own bearer-token check); absent = those paths answer an envelope 404. */
  adminHandler?: (req: IncomingMessage, res: ServerResponse) => void;
  /** Served under `/console` (the web console: its own login and session); absent = an envelope 404. */
  consoleHandler?: (req: IncomingMessage, res: ServerResponse) => void;
  /** Called once per authenticated, answered API call; must not block (the audit recorder batches its writes). */
  onCall?: (line: RequestLine, receivedAtMs: number) => void;
  /** True once shutdown began: answers then ask the client to close its connection. */
  isClosing?: () => boolean;
}

/** The options with their defaults filled in, and the listener's answer batch. */
interface Listener extends RequestListenerOptions {
  requestLog: RequestLog;
  batch: AnswerBatch;
}

/**
 * The transport stage and the router: `/` is the API, `/healthz` and `/metrics` are plain, `/admin/` belongs to
 * the admin API, `/console` to the web console; anything else still gets an envelope, never an HTML page.
 */
export function createRequestListener(options: RequestListenerOptions) {
  const listener: Listener = {
    ...options,
    requestLog: options.requestLog ?? requestLogVia(options.logger),
    batch: new AnswerBatch((error) => options.logger.error({ err: error }, 'answer write failed')),
  };
  return (req: IncomingMessage, res: ServerResponse): void => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    if (options.isClosing?.()) res.setHeader('connection', 'close');
    if (path === '/') {
      try {
        serveApiCall(req, res, url, q < 0 ? '' : url.slice(q + 1), listener);
      } catch (error) {
        // The stages answer their own errors and the answer is written from the batch: this is a bug. Stay up.
        options.logger.error({ err: error }, 'request handling failed');
        if (!res.headersSent) res.destroy();
      }
      return;
    }
    if (path === '/healthz' && (req.method === 'GET' || req.method === 'HEAD')) {
      sendPlain(res, 200, 'text/plain; charset=utf-8', 'ok\n');
      return;
    }
    if (path === '/metrics' && (req.method === 'GET' || req.method === 'HEAD')) {
      sendPlain(res, 200, 'text/plain; version=0.0.4; charset=utf-8', options.metrics.render());
      return;
    }
    const mounted =
      path === '/admin' || path.startsWith('/admin/')
        ? options.adminHandler
        : path === '/console' || path.startsWith('/console/')
          ? options.consoleHandler
          : undefined;
    if (mounted) {
      try {
        mounted(req, res);
      } catch (error) {
        options.logger.error({ err: error }, 'admin or console request failed');
        if (!res.headersSent) res.destroy();
      }
      return;
    }
    // Not the API: answer without reading the body, and close so that an unread body cannot confuse the next request.
    req.resume();
    const query = parseQuery(q < 0 ? '' : url.slice(q + 1));
    const response = renderError(
      {
        requestId: newRequestId(options.clock()),
        action: query.get('Action')?.slice(0, 128) ?? '',
        version: query.get('Version')?.slice(0, 32) ?? '',
        region: DEFAULT_REGION,
      },
      new ApiError(
        'InvalidActionOrVersion',
        'nothing is served at this path: the RTC OpenAPI is at / (e.g. /?Action=ListApps&Version=2023-11-01)',
      ),
    );
    sendEnvelope(res, response, true);
  };
}

/** Reads the body (at once when there is none), runs the stages, and hands the answer to the batch. */
function serveApiCall(
  req: IncomingMessage,
  res: ServerResponse,
  url: string,
  rawQuery: string,
  options: Listener,
): void {
  const started = performance.now();
  const receivedAtMs = options.clock();
  const request: ApiRequest = {
    requestId: newRequestId(receivedAtMs),
    method: req.method ?? 'GET',
    url,
    query: parseQuery(rawQuery),
    headers: req.headers,
    body: EMPTY_BODY,
    receivedAtMs,
  };
  options.metrics.started();
  const answer = (outcome: ApiCallOutcome, closeAfter = false): void =>
    options.batch.add(() => {
      try {
        finishApiCall(req, res, request, outcome, closeAfter, started, options);
      } catch (error) {
        // A fault after the stages (a logger, a metrics bug): keep the process up, never leave the client hanging.
        options.logger.error({ err: error }, 'request handling failed');
        if (!res.headersSent) res.destroy();
      }
    });
  const withBody = (body: Buffer): void => {
    request.body = body;
    // The stages answer their own errors: handleApiCall neither throws nor rejects.
    whenReady(handleApiCall(request, options), answer);
  };
  const body = readBody(req, options.bodyLimitBytes);
  if (!(body instanceof Promise)) {
    withBody(body);
    return;
  }
  body.then(withBody, (error: unknown) => {
    // Only the transport fails here (body too large, client gone).
    const meta = {
      requestId: request.requestId,
      action: request.query.get('Action')?.slice(0, 128) ?? '',
      version: request.query.get('Version')?.slice(0, 32) ?? '',
      region: DEFAULT_REGION,
    };
    answer(
      { response: renderError(meta, error), spec: undefined, principal: undefined },
      error instanceof BodyTooLargeError,
    );
  });
}

/** Sends the answer, then counts, logs and audits the call (the latency is to the moment of sending). */
function finishApiCall(
  req: IncomingMessage,
  res: ServerResponse,
  request: ApiRequest,
  outcome: ApiCallOutcome,
  closeAfter: boolean,
  started: number,
  options: Listener,
): void {
  const { response, spec, principal } = outcome;
  // A call that was in flight when shutdown began closes its connection, so the server can finish closing.
  sendEnvelope(res, response, closeAfter || options.isClosing?.() === true);
  const latencyMs = performance.now() - started;
  const askedAction = spec === undefined ? (request.query.get('Action') ?? '').slice(0, 128) : spec.action;
  // Metrics label only catalog actions, so that a stream of invented names cannot grow the label space.
  options.metrics.finished(
    spec !== undefined || isActionName(askedAction) ? askedAction : '-',
    response.code,
    latencyMs / 1000,
    request.receivedAtMs,
  );
  const line: RequestLine = {
    requestId: request.requestId,
    accountId: principal?.accountId,
    userId: principal?.userId,
    accessKeyId: principal?.accessKeyId,
    action: askedAction,
    version: spec?.version ?? (request.query.get('Version') ?? '').slice(0, 32),
    code: response.code,
    status: response.status,
    latencyMs: Math.round(latencyMs * 1000) / 1000,
  };
  if (response.fault !== undefined) options.logger.error({ ...line, err: response.fault }, 'request failed');
  else options.requestLog(line);
  if (principal && options.onCall) {
    try {
      options.onCall(line, request.receivedAtMs);
    } catch (error) {
      options.logger.error({ requestId: line.requestId, err: error }, 'audit record failed');
    }
  }
}

export function sendEnvelope(res: ServerResponse, response: RenderedResponse, close = false): void {
  if (res.headersSent || res.destroyed) return;
  const headers: Record<string, string | number> = {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(response.body),
  };
  if (close) headers.connection = 'close';
  if (response.headers) Object.assign(headers, response.headers);
  res.writeHead(response.status, headers);
  res.end(response.body);
}

function sendPlain(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
