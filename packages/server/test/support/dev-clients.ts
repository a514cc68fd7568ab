import { createRequire } from 'node:module';
import { RtcClient } from '@rtc-openapi/client';
import type { DevCredentials } from '../../src/app.js';
import type { RunningServer } from '../e2e/e2e-server.js';

const require = createRequire(import.meta.url);
const { rtcOpenapi } = require('@volcengine/openapi') as {
  rtcOpenapi: { RtcService: new (options: Record<string, string>) => unknown };
};

/**
 * The two clients a test world calls a dev server with: ours (no retries, no client-side throttle: the test sees
 * every answer) and the official Node SDK's RtcService, typed by the caller as far as it uses it.
 */
export function devClients<Sdk>(running: RunningServer): { dev: DevCredentials; client: RtcClient; sdk: Sdk } {
  const dev = running.server.devCredentials!;
  const client = new RtcClient({
    endpoint: running.url,
    accessKeyId: dev.accessKeyId,
    secretAccessKey: dev.secretAccessKey,
    retry: false,
    throttle: false,
  });
  const { host, protocol } = new URL(running.url);
  const sdk = new rtcOpenapi.RtcService({
    host,
    protocol,
    accessKeyId: dev.accessKeyId,
    secretKey: dev.secretAccessKey,
  }) as Sdk;
  return { dev, client, sdk };
}
