import { describe } from 'node:test';
import { MemoryRateLimiter } from '../../src/limits/memory-rate-limiter.js';
import { rateLimiterContract } from './rate-limiter-contract.js';

describe('MemoryRateLimiter (GCRA)', () => {
  rateLimiterContract(() => new MemoryRateLimiter());
});
