import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createTRPCClient, httpLink } from '@trpc/client';
import { createTestDb } from '@omniloyal/ledger/testing';
import { buildServer, type AppRouter } from '@omniloyal/api';
// The API package exports no testing entry; its fixtures are the same ones its own tests use.
import { setupProgram, basket, newOrderId, TEST_PASSWORD } from '@omniloyal/api/testing';

export { basket, newOrderId, TEST_PASSWORD };

/** Screenshots land in <repo>/artifacts (git-ignored), one per main page. */
export const ARTIFACTS = fileURLToPath(new URL('../../../../artifacts/', import.meta.url));

const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * The real thing end to end: a fresh database, the demo program with a store, managers and keys, the API
 * serving the built portal on a free port, and Debian's Chromium.
 */
export async function startStack() {
  mkdirSync(ARTIFACTS, { recursive: true });
  const testDb = await createTestDb();
  const program = await setupProgram(testDb.db);
  const app = await buildServer({ db: testDb.db });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const browser: Browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  /** A till of the fixture's store, over HTTP with its terminal key, as a POS would call it. */
  const till = createTRPCClient<AppRouter>({
    links: [httpLink({ url: `${baseUrl}/trpc`, headers: { authorization: `Bearer ${program.keys.terminal}` } })],
  });
  return {
    db: testDb.db,
    program,
    baseUrl,
    browser,
    till,
    async close() {
      await browser.close();
      await app.close();
      await testDb.destroy();
    },
  };
}
export type Stack = Awaited<ReturnType<typeof startStack>>;

export async function phonePage(stack: Stack): Promise<Page> {
  const context = await stack.browser.newContext({ baseURL: stack.baseUrl, viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  return reporting(await context.newPage());
}

export async function desktopPage(stack: Stack): Promise<Page> {
  const context = await stack.browser.newContext({ baseURL: stack.baseUrl, viewport: { width: 1440, height: 960 } });
  return reporting(await context.newPage());
}

/** A failing browser test says why: the page's own errors go to the test output. */
function reporting(page: Page): Page {
  page.on('pageerror', (error) => console.error(`[browser] ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') console.error(`[browser console] ${message.text()}`);
  });
  return page;
}

/** What the user sees: the viewport on a phone (fixed tab bar and dialogs stay put), the whole page on a desktop. */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  // Fonts settle before the picture; no timers involved.
  await page.evaluate(() => document.fonts.ready);
  const fullPage = options.fullPage ?? (page.viewportSize()?.width ?? 0) > 800;
  await page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage });
}
