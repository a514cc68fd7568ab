import { ApiError } from '../errors/api-error.js';
import type { ActionHandler } from './action-handler.js';

/**
 * What an action without a handler answers, after its params passed validation: a documented error (HTTP 501),
 * never a made-up success. docs/server.md lists the actions that are built.
 */
export const notImplemented: ActionHandler = (_params, ctx) => {
  throw new ApiError(
    'NotImplemented',
    `${ctx.spec.action} (version ${ctx.spec.version}) is valid but not implemented by this server yet`,
  );
};
