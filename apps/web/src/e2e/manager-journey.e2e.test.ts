import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basket, desktopPage, newOrderId, screenshot, startStack, TEST_PASSWORD, type Stack } from './stack.ts';

describe('manager journey in a real browser', () => {
  let stack: Stack;
  let memberId: string;
  const firstOrderId = newOrderId('before');
  beforeAll(async () => {
    stack = await startStack();
    // A member enrolled at the till who has bought once, so the console has something to show.
    const enrolled = await stack.till.pos.enroll.mutate({ phone: '+1 206 555 0199', name: 'Grace Hopper' });
    memberId = enrolled.memberId;
    await stack.till.pos.checkout.mutate({
      orderId: firstOrderId,
      memberId,
      order: { ...basket([{ sku: 'latte-grande', category: 'handcrafted-drink', unitPrice: 1550 }]), storeId: stack.program.storeId },
    });
    // a regular: more ledger entries than the member page shows at once (50)
    for (let i = 0; i < 50; i++) {
      await stack.till.pos.checkout.mutate({ orderId: newOrderId('regular'), memberId, order: basket([{ sku: 'cold-brew', category: 'handcrafted-drink', unitPrice: 495 }]) });
    }
    // a reward reserved at the till and let go: no change to the balance as a whole, but to what can be spent
    const holdId = crypto.randomUUID();
    await stack.till.pos.hold.mutate({ holdId, memberId, rewardId: 'brewed-coffee-bakery' });
    await stack.till.pos.release.mutate({ holdId });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('edits a rule, simulates, publishes, and the next order earns by the new rule', async () => {
    const page = await desktopPage(stack);
    await page.goto('/manage');
    await page.getByRole('heading', { name: 'Manager sign in' }).waitFor();
    await page.getByLabel('Work email').fill('owner.a@example.com');
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();

    await page.getByRole('heading', { name: 'Analytics' }).waitFor();
    await page.getByRole('heading', { name: 'Liability over time' }).waitFor();
    await page.locator('.recharts-surface').first().waitFor();
    // The range ends with the period under way: drawn dashed, and its tooltip says it covers part of the period
    const activeMembers = page.locator('section', { has: page.getByRole('heading', { name: 'Active members' }) });
    await activeMembers.getByText('Dashed: period not over yet or cut by the range').waitFor();
    const chart = (await activeMembers.locator('.recharts-surface').boundingBox())!;
    for (const across of [0.5, 0.98]) await page.mouse.move(chart.x + chart.width * across, chart.y + chart.height / 2, { steps: 4 });
    await activeMembers.locator('.chart-tooltip').getByText('Part of the period only: not over yet or cut by the range').waitFor();
    await screenshot(page, 'console-analytics');

    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Program' }).click();
    const rule = page.getByTestId('rule-base-stars');
    await rule.locator('summary').click();
    const points = rule.getByLabel('Points', { exact: true });
    await expect(points.inputValue()).resolves.toBe('1');

    // Validation as you type: the error sits beside the field and publishing is blocked.
    await points.fill('lots');
    await rule.getByText('must be a non-negative integer or a decimal string such as "1.2"').waitFor();
    await expect(page.getByRole('button', { name: 'Publish…' }).isDisabled()).resolves.toBe(true);
    await points.fill('2');
    await page.getByText('The draft is valid and can be published.').waitFor();
    await screenshot(page, 'console-program-editor');

    await page.getByRole('button', { name: /Simulate on 4 sample baskets/ }).click();
    const impact = page.getByTestId('impact-base-stars');
    await impact.waitFor();
    // Each basket rounds down on its own: $5.25, $14.70 at Gold (1.2×), $16.99 and $32.90 give
    // 5 + 17 + 16 + 32 = 70 Stars now and 10 + 35 + 33 + 65 = 143 at 2 per $1.
    const cells = await impact.locator('td').allTextContents();
    expect(cells.slice(1)).toEqual(['70', '143', '+73']);
    await page.getByTestId('liability-change').getByText('+73 pts').waitFor();
    await page.getByTestId('liability-change').getByText("+$2.92 at the program's point value").waitFor();
    await screenshot(page, 'console-simulation');

    await page.getByRole('button', { name: 'Publish…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Publish the draft' });
    await dialog.getByRole('button', { name: 'Publish version' }).click();
    await dialog.getByText(/Version 2 is published/).waitFor();
    await dialog.getByRole('button', { name: 'Done' }).click();

    const receipt = await stack.till.pos.checkout.mutate({
      orderId: newOrderId('after'),
      memberId,
      order: { ...basket([{ sku: 'drip', category: 'brewed-coffee', unitPrice: 1000 }]), storeId: stack.program.storeId },
    });
    expect(receipt.programVersion).toBe(2);
    expect(receipt.earned.rules).toEqual([expect.objectContaining({ ruleId: 'base-stars', points: 20 })]);

    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Versions' }).click();
    await page.getByTestId('version-2').getByText('in effect').waitFor();
    await screenshot(page, 'console-versions');

    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Members' }).click();
    await page.getByLabel('Search members').fill('+1 206 555 0199');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: 'Grace Hopper' }).click();
    await page.getByRole('heading', { name: 'Grace Hopper' }).waitFor();
    // The ledger explains the new order with the rule that produced it.
    await page.getByRole('row').filter({ hasText: 'Stars on purchases base-stars: +20' }).filter({ hasText: 'rules v2' }).waitFor();
    // A reservation and its release say what they did to the points that can be spent, not '0'.
    await page.getByRole('row').filter({ hasText: 'hold' }).getByRole('cell', { name: '60 set aside' }).waitFor();
    await page.getByRole('row').filter({ hasText: 'release' }).getByRole('cell', { name: '60 back to spend' }).waitFor();

    // A reason is required; the API's error lands beside the reason field.
    const adjust = page.getByRole('region', { name: 'Adjust points' });
    await adjust.getByLabel('Points').fill('15');
    await adjust.getByRole('button', { name: 'Adjust' }).click();
    await adjust.getByText('say why, in at least 3 characters').waitFor();
    await adjust.getByLabel('Reason').fill('Coffee was cold');
    await adjust.getByRole('button', { name: 'Adjust' }).click();
    await adjust.getByText(/Adjusted by 15/).waitFor();
    await page.getByRole('cell', { name: /Coffee was cold/ }).waitFor();
    await screenshot(page, 'console-member');
    // The ledger shows the newest 50 entries; older ones load on demand, down to the first order.
    const ledger = page.getByRole('region', { name: 'Ledger' });
    expect(await ledger.locator('tbody tr').count()).toBe(50);
    expect(await ledger.getByText(`order ${firstOrderId}`).count()).toBe(0);
    await ledger.getByRole('button', { name: 'Load older entries' }).click();
    await ledger.getByText(`order ${firstOrderId}`).waitFor();
    await ledger.getByRole('button', { name: 'Load older entries' }).waitFor({ state: 'detached' });
    expect(await ledger.locator('tbody tr').count()).toBeGreaterThan(50);

    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Stores & keys' }).click();
    await page.getByRole('button', { name: 'Create key' }).click();
    await expect(page.getByTestId('new-key').textContent()).resolves.toMatch(/\S{20,}/);
    await screenshot(page, 'console-stores-keys');

    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Webhooks' }).click();
    await page.getByLabel('URL').fill('not a url');
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    await page.getByRole('region', { name: 'Add an endpoint' }).locator('.field-error').waitFor();
    await page.getByLabel('URL').fill('https://hooks.example.com/loyalty');
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    await page.getByText('https://hooks.example.com/loyalty', { exact: true }).waitFor();
    await screenshot(page, 'console-webhooks');

    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('cell', { name: 'program.publish' }).waitFor();
    await screenshot(page, 'console-audit');
    await page.context().close();
  });

  it('builds a condition with the keyboard, sees it in the JSON view, and rolls back to version 1', async () => {
    const page = await desktopPage(stack);
    await page.goto('/manage/program');
    await page.getByLabel('Work email').fill('manager.a@example.com');
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();

    const rule = page.getByTestId('rule-welcome-bonus');
    await rule.locator('summary').focus();
    await page.keyboard.press('Enter');
    await rule.getByRole('button', { name: 'Add a condition' }).click();
    const conditions = rule.getByRole('group', { name: 'Conditions' });
    await conditions.getByLabel('Field').selectOption('channel');
    await conditions.getByLabel('App').check();
    await conditions.getByLabel('In store').uncheck();
    // Nothing ticked is not a valid channel list: the builder says so beside the checkboxes.
    await conditions.getByLabel('App').uncheck();
    await conditions.getByRole('group', { name: 'Channels' }).getByText('Too small: expected array to have >=1 items').waitFor();
    await conditions.getByLabel('App').check();
    await page.getByText('The draft is valid and can be published.').waitFor();

    await page.getByRole('tab', { name: 'Earn rules' }).focus();
    await page.keyboard.press('End');
    await expect(page.getByRole('tab', { name: 'JSON' }).getAttribute('aria-selected')).resolves.toBe('true');
    const json = page.getByLabel('Program document (JSON)');
    const document = JSON.parse(await json.inputValue()) as { earning: { rules: { id: string; when?: unknown }[] } };
    expect(document.earning.rules.find((r) => r.id === 'welcome-bonus')?.when).toEqual({ all: [{ field: 'channel', op: 'in', value: ['app'] }] });
    await json.fill('{ "schemaVersion": 1, ');
    // A half-typed document is a parse error beside the editor; the last valid draft stays.
    await page.getByRole('tabpanel').locator('.field-error').waitFor();
    await page.getByText('The draft is valid and can be published.').waitFor();
    await screenshot(page, 'console-program-json');

    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Versions' }).click();
    await page.getByRole('button', { name: 'Roll back to v1' }).click();
    await page.getByRole('dialog', { name: 'Roll back to version 1' }).getByRole('button', { name: 'Roll back' }).click();
    await page.getByText('Version 3 is published (a copy of version 1).').waitFor();
    const receipt = await stack.till.pos.checkout.mutate({
      orderId: newOrderId('rolled-back'),
      memberId,
      order: { ...basket([{ sku: 'drip', category: 'brewed-coffee', unitPrice: 1000 }]), storeId: stack.program.storeId },
    });
    expect(receipt.programVersion).toBe(3);
    expect(receipt.earned.points).toBe(10);
    await page.context().close();
  });

  it('shows each role what it may do: an analyst reads without write controls, support works on members only', async () => {
    const signIn = async (email: string) => {
      const page = await desktopPage(stack);
      await page.goto('/manage');
      await page.getByLabel('Work email').fill(email);
      await page.getByLabel('Password').fill(TEST_PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      return page;
    };
    const navLinks = async (page: Awaited<ReturnType<typeof signIn>>) =>
      page.getByRole('navigation', { name: 'Console' }).getByRole('link').allTextContents();

    const analyst = await signIn('analyst.a@example.com');
    await analyst.getByRole('heading', { name: 'Analytics' }).waitFor();
    expect(await navLinks(analyst)).toEqual(['Analytics', 'Program', 'Versions', 'Members', 'Stores & keys', 'Webhooks', 'Audit log']);
    await analyst.goto(`/manage/members/${memberId}`);
    await analyst.getByRole('heading', { name: 'Grace Hopper' }).waitFor();
    await analyst.getByRole('region', { name: 'Ledger' }).waitFor();
    expect(await analyst.getByRole('region', { name: 'Adjust points' }).count()).toBe(0);
    await analyst.goto('/manage/program');
    await analyst.getByText('an owner or manager saves and publishes').waitFor();
    expect(await analyst.getByRole('button', { name: /Publish/ }).count()).toBe(0);
    await analyst.goto('/manage/stores');
    await analyst.getByRole('heading', { name: 'Stores & keys' }).waitFor();
    expect(await analyst.getByRole('button', { name: /Create key|Revoke/ }).count()).toBe(0);
    await analyst.context().close();

    // support's console is the members pages; the analytics address leads there
    const support = await signIn('support.a@example.com');
    await support.getByRole('heading', { name: 'Members' }).waitFor();
    expect(await navLinks(support)).toEqual(['Members']);
    await support.goto(`/manage/members/${memberId}`);
    await support.getByRole('region', { name: 'Adjust points' }).waitFor();
    await support.context().close();
  });
});
