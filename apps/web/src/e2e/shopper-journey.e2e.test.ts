import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basket, newOrderId, phonePage, screenshot, startStack, type Stack } from './stack.ts';

describe('shopper journey in a real browser', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('signs up, sees a till purchase with its reason, reserves a reward and sees it held', async () => {
    const page = await phonePage(stack);
    const email = `ada.${Date.now()}@example.com`;

    await page.goto('/');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await screenshot(page, 'shopper-sign-in');
    await page.getByRole('link', { name: 'Join now' }).click();

    // A bad email is flagged beside its field before anything is sent.
    await page.getByLabel('Email').fill('not-an-email');
    await page.getByLabel('Email').blur();
    await page.getByText('must be an email address').waitFor();
    await page.getByLabel('First name').fill('Ada');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('a long password');
    await page.getByLabel('Phone (optional)').fill('+1 206 555 0142');
    await screenshot(page, 'shopper-sign-up');
    await page.getByRole('button', { name: 'Join now' }).click();

    await page.getByText('Hi, Ada').waitFor();
    const me = await page.request.get('/trpc/auth.me').then((r) => r.json() as Promise<{ result: { data: { memberId: string } } }>);
    const memberId = me.result.data.memberId;

    // A purchase at the till, through the real API with the store's terminal key: $62.40 of drinks.
    const receipt = await stack.till.pos.checkout.mutate({
      orderId: newOrderId('till'),
      memberId,
      order: { ...basket([{ sku: 'latte-grande', category: 'handcrafted-drink', unitPrice: 3120, quantity: 2 }]), storeId: stack.program.storeId },
    });
    expect(receipt.earned.points).toBe(62);
    // The welcome bonus from signing up is already there too.
    const available = receipt.balance!.available;
    expect(available).toBeGreaterThanOrEqual(62);

    await page.reload();
    await page.getByTestId('balance-available').filter({ hasText: String(available) }).waitFor();
    const purchase = page.getByTestId('history-item').filter({ hasText: 'Store a' });
    await purchase.waitFor();
    await expect(purchase.textContent()).resolves.toContain('Stars on purchases: +62');
    await expect(purchase.textContent()).resolves.toContain('In store');
    await screenshot(page, 'shopper-home');


    await page.getByRole('navigation', { name: 'Main (tabs)' }).getByRole('link', { name: 'Rewards' }).click();
    const reward = page.getByTestId('reward-brewed-coffee-bakery');
    await reward.waitFor();
    await screenshot(page, 'shopper-rewards');
    await reward.getByRole('button', { name: 'Reserve for the store' }).click();
    const dialog = page.getByRole('dialog', { name: 'Reserved for the store' });
    const code = (await dialog.getByTestId('reservation-code').textContent())!.trim();
    expect(code).toMatch(/^[A-Z0-9-]{4,}$/);
    await dialog.getByRole('img', { name: `QR code for reservation ${code}` }).locator('svg').waitFor();
    await screenshot(page, 'shopper-reward-reserved');
    await dialog.getByRole('button', { name: 'Done' }).click();

    await page.getByRole('navigation', { name: 'Main (tabs)' }).getByRole('link', { name: 'Home' }).click();
    await page.getByTestId('balance-held').filter({ hasText: '60' }).waitFor();
    await page.getByTestId('balance-available').filter({ hasText: String(available - 60) }).waitFor();
    await page.getByRole('heading', { name: 'Reserved for the store' }).waitFor();
    await expect(page.getByText(`Code ${code}`).count()).resolves.toBe(1);

    await page.getByRole('navigation', { name: 'Main (tabs)' }).getByRole('link', { name: 'Scan' }).click();
    await page.getByRole('img', { name: 'Your member QR code' }).locator('svg').waitFor();
    await screenshot(page, 'shopper-member-code');

    // The till finds the reservation by its code: the portal's reservation is real.
    const identified = await stack.till.pos.identify.query({ by: 'phone', value: '+1 206 555 0142' });
    expect(identified.reservations.map((r) => r.code)).toContain(code);

    // More history than one page (20): the rest loads as the list scrolls.
    for (let i = 0; i < 20; i += 1) {
      await stack.till.pos.checkout.mutate({
        orderId: newOrderId('visit'),
        memberId,
        order: { ...basket([{ sku: 'drip', category: 'brewed-coffee', unitPrice: 295 + i * 10 }]), storeId: stack.program.storeId },
      });
    }
    await page.getByRole('navigation', { name: 'Main (tabs)' }).getByRole('link', { name: 'History' }).click();
    await page.getByRole('heading', { name: 'History' }).waitFor();
    await page.getByTestId('history-item').nth(19).waitFor();
    await screenshot(page, 'shopper-history');
    await page.getByTestId('history-item').nth(19).scrollIntoViewIfNeeded();
    await page.mouse.wheel(0, 4000);
    // Signup bonus, the first purchase, the reservation and 20 visits: 23 in all, over two pages.
    await page.getByTestId('history-item').filter({ hasText: 'Welcome bonus' }).waitFor();
    await expect(page.getByTestId('history-item').count()).resolves.toBe(23);
    // the reservation moved no points in or out of the balance, but 60 out of what can be spent
    await page.getByTestId('history-item').filter({ hasText: 'Reward reserved' }).getByText('60 set aside').waitFor();

    await page.getByRole('navigation', { name: 'Main (tabs)' }).getByRole('link', { name: 'Account' }).click();
    await page.getByLabel('Phone number').fill('12');
    await page.getByRole('button', { name: 'Link phone' }).click();
    await page.getByText('must be a phone number such as +1 206 555 0100').waitFor();
    await screenshot(page, 'shopper-account');
    await page.context().close();
  });
});
