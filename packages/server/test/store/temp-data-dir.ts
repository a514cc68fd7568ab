import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { openServices, type OpenServicesOptions, type Services } from '../../src/store/open-services.js';

/** A fresh data directory, removed when the test ends. */
export function tempDataDir(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'rtc-openapi-test-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Services on a fresh data directory (its own master.key), closed when the test ends. */
export function tempServices(
  t: TestContext,
  options: Partial<OpenServicesOptions> = {},
  dataDir = tempDataDir(t),
): Services & { dataDir: string } {
  const services = openServices({ ...options, dataDir, env: {} });
  t.after(() => services.close());
  return Object.assign(services, { dataDir });
}
