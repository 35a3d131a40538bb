import { afterAll, beforeAll, expect, it } from 'vitest';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startApi, type ApiUnderTest } from '../testing/api-server.ts';
import { signUpShopper } from '@omniloyal/api/testing';

const artifacts = fileURLToPath(new URL('../../../../artifacts/', import.meta.url));
let api: ApiUnderTest;
let browser: Browser;
beforeAll(async () => {
  await mkdir(artifacts, { recursive: true });
  api = await startApi({ serveApps: true });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});
afterAll(async () => {
  await browser?.close();
  await api?.destroy();
});

const text = (page: Page, selector: string, hasText: string | RegExp) => page.locator(selector, { hasText }).waitFor();
const ordersOf = (memberId: string) => api.t.db.selectFrom('orders').select(['id', 'earned', 'occurred_at']).where('member_id', '=', memberId).orderBy('occurred_at').execute();

it('sells with a reward, refunds, and keeps selling offline, in Chromium', async () => {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  // This machine may have a real demo key file; the test sets the till up through the key form.
  await context.route('**/pos/demo-config.json', (route) => route.fulfill({ status: 404, body: '{}' }));
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));

  try {
    await sell(page, context);
  } catch (error) {
    await page.screenshot({ path: `${artifacts}pos-failure.png`, fullPage: true });
    throw error;
  }
  expect(problems).toEqual([]);
  await context.close();
});

async function sell(page: Page, context: BrowserContext): Promise<void> {
  await page.goto(`${api.url}/pos/`);
  await page.locator('#settings-key').fill(api.program.keys.terminal);
  await page.keyboard.press('Enter');

  // Identify by a typed phone; nobody has it, so enrol.
  await page.locator('#member-code').fill('202 555 0199');
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Enrol +12025550199' }).click();
  await text(page, '#member-balance', '25 points available');
  const memberId = (await page.locator('[data-member-id]').getAttribute('data-member-id'))!;

  // Basket by touch and by keyboard; the earn preview follows.
  await page.locator('[data-sku="latte-grande"]').click();
  await page.keyboard.press('Alt+KeyI');
  await page.keyboard.type('Oat milk');
  await page.locator('#item-category').selectOption('customization');
  await page.locator('#item-price').fill('1.25');
  await page.keyboard.press('Enter');
  await text(page, '#basket-total', '$6.20');
  await text(page, '#earn-preview', 'Earns 6 points');

  // One tap applies the reward (a hold); the preview shows what the basket earns with it.
  await page.locator('[data-reward="customize-drink"]').click();
  await page.locator('[data-reward="customize-drink"][aria-pressed="true"]').waitFor();
  await text(page, '#earn-preview', 'Earns 4 points');
  await text(page, '#basket-total', '$4.95');

  await page.screenshot({ path: `${artifacts}pos-basket.png`, fullPage: true });
  await page.keyboard.press('Alt+KeyP');
  await text(page, '#receipt-earned', '4 points earned');
  await text(page, '#receipt-balance', 'Balance: 4 points');
  const orderId = (await page.locator('#receipt-order').textContent())!;
  await page.screenshot({ path: `${artifacts}pos-sale.png`, fullPage: true });

  // Refund the whole sale by order id, line by line: the earn comes back and the reward's points return.
  expect(await page.locator('#refund-order').inputValue()).toBe(orderId);
  await page.keyboard.press('Alt+KeyR');
  await page.keyboard.press('Enter');
  await page.locator('#refund-selected').click();
  await text(page, '#refund-result', 'Refunded: 4 points taken back');
  await text(page, '#refund-result', '25 reward points returned');
  await page.screenshot({ path: `${artifacts}pos-refund.png`, fullPage: true });

  // A keyboard-wedge scanner types the phone and Enter with no field focused.
  await page.locator('#new-sale').click();
  await page.locator('#member-code').blur();
  await page.keyboard.type('+12025550199');
  await page.keyboard.press('Enter');
  await text(page, '#member-balance', '25 points available');
  await page.locator('[data-sku="drip-grande"]').click();
  await text(page, '#earn-preview', 'Earns 2 points');

  // A second tab on the same till shares the IndexedDB queue.
  const tab2 = await context.newPage();
  await tab2.goto(`${api.url}/pos/`);
  await tab2.locator('#queue-length').waitFor();

  // The network drops: the sale completes locally and waits in IndexedDB.
  await api.stop();
  const beforeOffline = new Date();
  await page.locator('#complete-sale').click();
  await text(page, '#receipt-queued', 'The points will be added when the till reconnects');
  await text(page, '#offline-banner', 'Offline — 1 sale waiting');
  const queuedOrder = (await page.locator('#receipt-order').textContent())!;
  await page.screenshot({ path: `${artifacts}pos-offline.png`, fullPage: true });

  // The API returns; both tabs try to post the queue at once.
  await api.start();
  await Promise.all([page.locator('#sync-now').click(), tab2.locator('#sync-now').click()]);
  await page.locator('#queue-length[data-pending="0"]').waitFor();
  await tab2.locator('#queue-length[data-pending="0"]').waitFor();
  await text(page, '#banner', 'Online');

  const orders = await ordersOf(memberId);
  expect(orders.map((o) => o.id)).toEqual([orderId, queuedOrder]);
  expect(orders[1]!.earned).toBe(2);
  // Earned as of the sale's own time, not the replay's.
  expect(new Date(orders[1]!.occurred_at).getTime()).toBeLessThanOrEqual(Date.now());
  expect(new Date(orders[1]!.occurred_at).getTime()).toBeGreaterThanOrEqual(beforeOffline.getTime() - 1_000);
}

it('opens ready to sell with the local demo key, and keeps a typed key across reloads', async () => {
  const context = await browser.newContext();
  await context.route('**/pos/demo-config.json', (route) => route.fulfill({ json: { terminalKey: api.program.keys.terminal, storeId: api.program.storeId } }));
  const page = await context.newPage();
  await page.goto(`${api.url}/pos/`);
  await text(page, 'header', `Store ${api.program.storeId}`);
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('member-code');

  // Without a demo key the till asks once and remembers.
  await context.unroute('**/pos/demo-config.json');
  await context.route('**/pos/demo-config.json', (route) => route.fulfill({ status: 404, body: '{}' }));
  await page.getByRole('button', { name: 'Till settings' }).click();
  await page.locator('#settings-key').fill(api.program.keys.terminal);
  await page.keyboard.press('Enter');
  await page.reload();
  await page.locator('#member-code').waitFor();
  await context.close();
});

it('uses a reward the shopper reserved in the portal, with one tap', async () => {
  const shopper = await signUpShopper(api.t.db, api.program, 'reserver@example.com');
  const reservation = await shopper.caller.shopper.reserveReward({ rewardId: 'customize-drink', idempotencyKey: 'reserve-e2e-1' });
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  await context.route('**/pos/demo-config.json', (route) => route.fulfill({ json: { terminalKey: api.program.keys.terminal } }));
  const page = await context.newPage();
  await page.goto(`${api.url}/pos/`);
  await page.locator('#member-code').fill('reserver@example.com');
  await page.keyboard.press('Enter');
  await page.locator('[data-sku="latte-grande"]').click();
  await page.locator('[data-sku="extra-shot"]').click();
  await page.locator(`[data-reservation="${reservation.code}"]`).click();
  await page.locator(`[data-reservation="${reservation.code}"][aria-pressed="true"]`).waitFor();
  await page.locator('#complete-sale').click();
  await text(page, '#receipt', 'Customize your drink: −25 Stars');
  const hold = await api.t.db.selectFrom('holds').select('status').where('code', '=', reservation.code).executeTakeFirstOrThrow();
  expect(hold.status).toBe('captured');
  await context.close();
});
