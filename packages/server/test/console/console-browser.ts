// Debian's Chromium driven by playwright-core (no browser download: the project's setup installs `chromium`, see
// scripts/ensure-services.sh). Outside CI a missing Chromium skips the browser tests with a message; in CI
// (CI=true) it fails them.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The flags this closed-network machine needs: no GPU, no QUIC, no background traffic, no sandbox (root). */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Why the browser tests cannot run here, for `describe(..., { skip })`; undefined when they can. In CI a missing
 * Chromium is not a reason to skip: the tests run and fail at launch, naming the missing binary.
 */
export function browserSkipReason(): string | undefined {
  if (existsSync(CHROMIUM_PATH)) return undefined;
  if (process.env.CI === 'true') return undefined;
  return `Chromium is not installed at ${CHROMIUM_PATH} (apt-get install -y chromium, or bash scripts/ensure-services.sh): browser tests skipped`;
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** A headless Chromium with a fresh profile (its own --user-data-dir), removed on close. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium is missing at ${CHROMIUM_PATH}: CI must install it (scripts/ensure-services.sh)`);
  }
  const profile = mkdtempSync(join(tmpdir(), 'rtc-console-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 1280, height: 800 },
    timeout: 30_000,
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Where screenshots go: docs/console/ with CONSOLE_SCREENSHOTS=1 (to refresh the docs), else a temporary folder. */
export function screenshotDir(): string {
  if (process.env.CONSOLE_SCREENSHOTS === '1') {
    return new URL('../../../../docs/console/', import.meta.url).pathname;
  }
  return mkdtempSync(join(tmpdir(), 'rtc-console-shots-'));
}

/** Signs the page in through the sign-in form with the admin token, and waits for the console. */
export async function signIn(page: Page, serverUrl: string, token: string): Promise<void> {
  await page.goto(`${serverUrl}/console/`);
  await page.fill('#token', token);
  await page.click('button[type=submit]');
  await page.waitForURL(`${serverUrl}/console/`, { timeout: 10_000 });
  await page.locator('nav').waitFor({ timeout: 10_000 });
}
