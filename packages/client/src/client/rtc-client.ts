import {
  actionVersions,
  getActionSpec,
  latestVersion,
  validateParams,
  type ActionName,
  type ActionSpec,
  type ActionVersion,
  type LatestVersion,
  type ParamsOf,
  type ResultOf,
} from '@rtc-openapi/api';
import type { RtcError } from '../errors/rtc-error.js';
import { RtcValidationError } from '../errors/rtc-validation-error.js';
import { RtcAbortError, RtcNetworkError, RtcTimeoutError } from '../errors/transport-errors.js';
import { paginate, type PagedAction, type PageItem, type PageParams } from '../pagination/paginate.js';
import {
  backoffDelay,
  isSafeToRepeat,
  isTransientFailure,
  resolveRetryOptions,
  type ResolvedRetryOptions,
} from '../retry/retry-policy.js';
import { HttpTransport, type HttpResponse } from '../transport/http-transport.js';
import { installActionMethods, type ActionMethods } from './action-methods.js';
import { buildRequest } from './build-request.js';
import type { CallOptions } from './call-options.js';
import { checkTimeout, resolveClientOptions, type ClientConfig, type RtcClientOptions } from './client-options.js';
import { notify } from './hooks.js';
import { readResponse, type Target } from './read-response.js';
import { wait } from './wait.js';

const kTimedOut = Symbol('rtc-openapi.timeout');

// The typed action methods (`client.ListApps(...)`) are put on the prototype from the catalog below; this interface
// gives them their types. One catalog, no generated source.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface RtcClient extends ActionMethods {}

/** A client of the RTC server OpenAPI: one method per catalogued action, plus `call` for any action-version. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class RtcClient {
  /** The endpoint's origin, e.g. `https://rtc.volcengineapi.com`. */
  readonly endpoint: string;
  readonly region: string;
  readonly #config: ClientConfig;
  readonly #transport: HttpTransport;
  readonly #throttleKey: string;

  constructor(options: RtcClientOptions = {}) {
    this.#config = resolveClientOptions(options);
    this.endpoint = this.#config.origin;
    this.region = this.#config.region;
    const transportOptions: ConstructorParameters<typeof HttpTransport>[0] = { origin: this.#config.origin };
    if (options.dispatcher) transportOptions.dispatcher = options.dispatcher;
    if (options.connections !== undefined) transportOptions.connections = options.connections;
    this.#transport = new HttpTransport(transportOptions);
    // Budgets are per account; the access key stands for the account, the origin for the service deployment.
    this.#throttleKey = `${this.#config.origin}\n${this.#config.credentials.accessKeyId}\n`;
  }

  /** Calls any catalogued action; `options.version` pins a version (default the newest). */
  call<A extends ActionName, V extends ActionVersion<A> = LatestVersion<A>>(
    action: A,
    params: ParamsOf<A, V>,
    options?: CallOptions<V>,
  ): Promise<ResultOf<A, V>>;
  /**
   * For action names known only at run time (a command line, a proxy): checked against the catalog when called. A
   * literal catalogued name never lands here, so its params stay type-checked by the signature above.
   */
  call<S extends string>(
    action: S extends ActionName ? never : S,
    params?: Readonly<Record<string, unknown>>,
    options?: CallOptions,
  ): Promise<unknown>;
  call(action: string, params?: unknown, options?: CallOptions): Promise<unknown> {
    try {
      const spec = this.#specFor(action, options?.version);
      return this.#invoke(spec, checkParams(spec, params), options ?? {});
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Every item of a paged list action, fetching pages as the loop asks for them (Offset/Limit and PageNum/PageSize
   * styles, catalog section 1.3). Paging fields in `params` set where to start and the page size.
   */
  paginate<A extends PagedAction, V extends ActionVersion<A> = LatestVersion<A>>(
    action: A,
    params: PageParams<A, V>,
    options?: CallOptions<V>,
  ): AsyncGenerator<PageItem<A, V>, void, undefined>;
  paginate<S extends string>(
    action: S extends ActionName ? never : S,
    params?: Readonly<Record<string, unknown>>,
    options?: CallOptions,
  ): AsyncGenerator<unknown>;
  paginate(action: string, params?: unknown, options?: CallOptions): AsyncGenerator<unknown> {
    const spec = this.#specFor(action, options?.version);
    const checked = checkParams(spec, params ?? {});
    return paginate(spec, checked, (pageParams) => this.#invoke(spec, pageParams, options ?? {}));
  }

  /** Closes the client's sockets (not those of a dispatcher passed in). */
  close(): Promise<void> {
    return this.#transport.close();
  }

  #specFor(action: string, version: string | undefined): ActionSpec {
    if (typeof action !== 'string') throw new RtcValidationError('action', 'action must be a string');
    const resolved = version ?? latestVersion(action);
    if (resolved === undefined) {
      throw new RtcValidationError('action', `${action} is not a catalogued action`, 'InvalidActionOrVersion');
    }
    const spec = getActionSpec(action, resolved);
    if (spec === undefined) {
      throw new RtcValidationError(
        'version',
        `${action} has no version ${resolved}; catalogued: ${actionVersions(action).join(', ')}`,
        'InvalidActionOrVersion',
      );
    }
    return spec;
  }

  async #invoke(spec: ActionSpec, params: Readonly<Record<string, unknown>>, options: CallOptions): Promise<unknown> {
    const issue = validateParams(spec, params, { scope: 'local' });
    if (issue !== undefined) throw new RtcValidationError(issue.field, issue.message, issue.code);
    const timeoutMs = options.timeoutMs ?? this.#config.timeoutMs;
    if (options.timeoutMs !== undefined) checkTimeout(options.timeoutMs, 'timeoutMs');
    const retry = options.retry === undefined ? this.#config.retry : resolveRetryOptions(options.retry);
    const attempts = isSafeToRepeat(spec.action, spec.method, params) ? retry.maxAttempts : 1;
    const target: Target = { action: spec.action, version: spec.version };
    const signal = options.signal;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#attempt(spec, params, target, timeoutMs, signal, attempt);
      } catch (error) {
        if (attempt >= attempts || !isTransientFailure(error)) throw error;
        const delayMs = retryDelay(attempt, retry, error);
        notify(this.#config.hooks.onRetry, { ...target, attempt, delayMs, error: error as RtcError });
        await wait(delayMs, signal, (reason) => new RtcAbortError(target, reason));
      }
    }
  }

  async #attempt(
    spec: ActionSpec,
    params: Readonly<Record<string, unknown>>,
    target: Target,
    timeoutMs: number,
    signal: AbortSignal | undefined,
    attempt: number,
  ): Promise<unknown> {
    const limiter = this.#config.limiter;
    if (limiter !== undefined) {
      const slots = [limiter.take(this.#throttleKey + spec.rateGroup, spec.rateGroup, spec.qps)];
      // A call matching the action's stricter rule (GetRoomOnlineUsers with Property=true) waits for both budgets.
      const rule = spec.conditionalRate;
      if (rule !== undefined && params[rule.param] === rule.equals) {
        slots.push(limiter.take(this.#throttleKey + rule.rateGroup, rule.rateGroup, rule.qps));
      }
      const delayMs = Math.max(...slots.map((slot) => slot.delayMs));
      if (delayMs > 0) {
        await wait(delayMs, signal, (reason) => {
          for (const slot of slots) slot.cancel();
          return new RtcAbortError(target, reason);
        });
      }
    }
    if (signal?.aborted) throw new RtcAbortError(target, signal.reason);
    // Signed after any throttle wait, so that X-Date is the sending time.
    const request = buildRequest(spec, params, this.#config);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(kTimedOut), timeoutMs);
    const forwardAbort = (): void => controller.abort(signal?.reason);
    signal?.addEventListener('abort', forwardAbort, { once: true });
    const started = performance.now();
    let response: HttpResponse;
    try {
      response = await this.#transport.send({
        method: request.method,
        path: request.path,
        headers: request.headers,
        body: request.body,
        signal: controller.signal,
      });
    } catch (cause) {
      const error = !controller.signal.aborted
        ? new RtcNetworkError(target, cause)
        : controller.signal.reason === kTimedOut
          ? new RtcTimeoutError(target, timeoutMs)
          : new RtcAbortError(target, signal?.reason);
      this.#report(target, attempt, started, undefined, error);
      throw error;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', forwardAbort);
    }
    try {
      const { result, requestId } = readResponse(response, target, request);
      this.#report(target, attempt, started, response, undefined, requestId);
      return result;
    } catch (error) {
      this.#report(target, attempt, started, response, error as RtcError);
      throw error;
    }
  }

  #report(
    target: Target,
    attempt: number,
    started: number,
    response: HttpResponse | undefined,
    error: RtcError | undefined,
    requestId?: string,
  ): void {
    const hook = this.#config.hooks.onResponse;
    if (hook === undefined) return;
    notify(hook, {
      ...target,
      attempt,
      httpStatus: response?.status,
      requestId: requestId ?? (error as { requestId?: string } | undefined)?.requestId,
      durationMs: performance.now() - started,
      error,
    });
  }
}

installActionMethods(RtcClient.prototype);

function checkParams(spec: ActionSpec, params: unknown): Readonly<Record<string, unknown>> {
  if (params === undefined) return {};
  if (typeof params !== 'object' || params === null || Array.isArray(params)) {
    throw new RtcValidationError('params', `${spec.action} params must be an object`);
  }
  return params as Readonly<Record<string, unknown>>;
}

/** Full-jitter backoff, but never sooner than a Retry-After the server sent (capped at maxDelayMs). */
function retryDelay(attempt: number, retry: ResolvedRetryOptions, error: unknown): number {
  const jittered = backoffDelay(attempt, retry);
  const hinted = (error as { retryAfterMs?: number }).retryAfterMs;
  return hinted === undefined ? jittered : Math.max(jittered, Math.min(hinted, retry.maxDelayMs));
}
