import { Redis } from 'ioredis';

export const REDIS_URL = process.env.RTC_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0';

/**
 * Whether the test Redis answers. In CI its absence is a failure (CI starts it: scripts/ensure-services.sh); on a
 * developer's machine the Redis tests are skipped with this reason instead.
 */
export async function redisUnavailable(): Promise<string | undefined> {
  const probe = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 1000 });
  probe.on('error', () => {});
  try {
    await probe.connect();
    await probe.ping();
    return undefined;
  } catch (error) {
    const reason = `Redis is not answering at ${REDIS_URL} (${(error as Error).message}); start it with scripts/ensure-services.sh`;
    if (process.env.CI) throw new Error(reason);
    return reason;
  } finally {
    probe.disconnect();
  }
}

/** A key prefix no other test run uses, so that runs sharing one Redis do not draw on each other's budgets. */
export function uniquePrefix(name: string): string {
  return `rtc-test:${name}:${process.pid}:${Date.now()}:${Math.random().toString(36).slice(2)}:`;
}
