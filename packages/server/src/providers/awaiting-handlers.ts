import { ApiError } from '../errors/api-error.js';
import type { BoundHandler } from './action-table.js';

/**
 * TEMPORARY, the one allow-list of catalogued actions still without a handler on this branch: branch `wbrecord`
 * gives both of them one (whiteboard recording, in providers/whiteboard/). Until then they answer NotImplemented
 * (HTTP 501) and nothing else does. On merging it, delete this file and what imports it (action-table.ts, whose
 * fallback goes with it; the lines marked TEMPORARY in test/providers/, test/gateway/nested-params.test.ts and
 * test/e2e/fuzz.test.ts; scripts/action-coverage.ts's summary), then run `npm run docs:actions -w
 * @rtc-openapi/server`. test/providers/every-handled-action.test.ts fails as soon as an allow-listed action has a
 * handler, so the list cannot outlive its reason.
 */
export const AWAITING_HANDLERS: ReadonlySet<string> = new Set(['StartWBRecord', 'StopWBRecord']);

/** What an allow-listed action answers once its params passed validation. */
export const awaitingHandler: BoundHandler = (_call, ctx) => {
  throw new ApiError(
    'NotImplemented',
    `${ctx.spec.action} (version ${ctx.spec.version}) is valid but not implemented by this server yet`,
  );
};
