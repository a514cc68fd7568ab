import { Redis } from 'ioredis';
import type { RateDecision, RateLimit, RateLimiter } from './rate-limiter.js';

/**
 * The GCRA of memory-rate-limiter.ts, run inside Redis so that every node of a deployment draws on one budget per
 * key: read the key's theoretical arrival time, refuse while it is more than the tolerance ahead of now, else advance
 * it by one interval. One script call is atomic, so two nodes can never both take the last slot. Answers 0 when
 * admitted, else the milliseconds until the next request would be. The key expires once its arrival time has passed
 * (an expired key holds a full budget, the same as an absent one).
 */
const GCRA_TAKE = `
local now = tonumber(ARGV[1])
local interval = tonumber(ARGV[2])
local tolerance = tonumber(ARGV[3])
local tat = tonumber(redis.call('GET', KEYS[1]))
if tat == nil or tat < now then tat = now end
local next_tat = tat + interval
local allow_at = next_tat - tolerance
if now < allow_at then return math.max(1, math.ceil(allow_at - now)) end
redis.call('SET', KEYS[1], string.format('%.17g', next_tat), 'PX', math.ceil(next_tat - now) + 1000)
return 0
`;

type GcraClient = Redis & {
  rtcGcraTake(key: string, nowMs: number, intervalMs: number, toleranceMs: number): Promise<number>;
};

export interface RedisRateLimiterOptions {
  /** `redis://host:port/db` (`RTC_REDIS_URL`); ignored when `client` is given. */
  url?: string;
  /** An ioredis client to use (closed by close() only when the limiter made it). */
  client?: Redis;
  /** Prefix of the keys it writes; default `rtc:rate:`. */
  keyPrefix?: string;
  /** How long one decision may wait for Redis before the call fails; default 1000 ms. */
  commandTimeoutMs?: number;
  /**
   * Told about connection errors of a client the limiter made (each reconnect attempt reports one); decisions that
   * fail meanwhile fail on their own. Default: ignored here.
   */
  onConnectionError?: (error: Error) => void;
}

/**
 * Rate limits shared by every node that points at the same Redis. Nodes pass their own clock (as they do to check
 * X-Date), so their clocks must agree to well under one emission interval (NTP does). When Redis cannot answer, the
 * call fails and the gateway answers InternalError (logged with the cause): a deployment that asked for shared limits
 * does not silently run without them.
 */
export class RedisRateLimiter implements RateLimiter {
  readonly #client: GcraClient;
  readonly #ownsClient: boolean;
  readonly #prefix: string;

  constructor(options: RedisRateLimiterOptions) {
    if (options.client === undefined && options.url === undefined) {
      throw new Error('RedisRateLimiter needs a url or a client');
    }
    this.#ownsClient = options.client === undefined;
    const client =
      options.client ??
      new Redis(options.url!, {
        // Fail a decision fast instead of queueing it behind reconnection attempts: nothing may hang.
        maxRetriesPerRequest: 1,
        commandTimeout: options.commandTimeoutMs ?? 1000,
      });
    if (this.#ownsClient) client.on('error', options.onConnectionError ?? (() => {}));
    client.defineCommand('rtcGcraTake', { numberOfKeys: 1, lua: GCRA_TAKE });
    this.#client = client as GcraClient;
    this.#prefix = options.keyPrefix ?? 'rtc:rate:';
  }

  async take(key: string, limit: RateLimit, nowMs: number): Promise<RateDecision> {
    const interval = 1000 / limit.ratePerSecond;
    const tolerance = interval * Math.max(1, limit.burst);
    const wait = await this.#client.rtcGcraTake(this.#prefix + key, nowMs, interval, tolerance);
    return wait === 0 ? { allowed: true } : { allowed: false, retryAfterMs: wait };
  }

  async close(): Promise<void> {
    if (!this.#ownsClient) return;
    try {
      await this.#client.quit();
    } catch {
      this.#client.disconnect();
    }
  }
}
