export const packageName = '@rtc-openapi/server';
export { createRtcServer, DEFAULT_DATA_DIR, type RtcServer, type RtcServerOptions } from './server.js';
export type { DevCredentials } from './app.js';
export { rateLimitScaleFromEnv } from './limits/account-limits.js';
export type { RateLimit, RateDecision, RateLimiter } from './limits/rate-limiter.js';
export { MemoryRateLimiter } from './limits/memory-rate-limiter.js';
export { RedisRateLimiter, type RedisRateLimiterOptions } from './limits/redis-rate-limiter.js';
export * from './admin/admin-exports.js';
export { generateAdminToken } from './admin/admin-http.js';
