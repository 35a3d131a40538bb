import { createPosClient, indexedDbStorage, isPosError, type CheckoutReceipt, type IdentifyResult, type Outcome, type PosClient, type QuoteResult, type RefundReceipt } from '../index.ts';
import { h, money, replace } from './dom.ts';
import { categories, quickProducts } from './catalog.ts';
import { enrollmentFrom, identifyAttempts } from './member-code.ts';
import { demoSettings, saveSettings, savedSettings, type TillSettings } from './settings.ts';
import { findSale, rememberSale } from './recent-sales.ts';

interface Line {
  lineId: string;
  sku: string;
  name: string;
  category: string;
  quantity: number;
  unitPrice: number;
}
interface Applied {
  rewardId: string;
  holdId: string;
  name: string;
  points: number;
  discount: number;
  /** Reserved by the shopper in the app or portal: the hold is theirs, so the till never releases it. */
  reserved?: boolean;
}

const root = document.getElementById('app')!;
/** Stops the running till (timers, keyboard listener) before the settings form or another till replaces it. */
let stopTill = () => {};
void boot();

async function boot(): Promise<void> {
  const settings = savedSettings() ?? (await demoSettings(location.origin));
  if (settings) startTill(settings);
  else showSettings({ url: location.origin, terminalKey: '', currency: 'USD' });
  root.removeAttribute('aria-busy');
}

function panel(id: string, title: string, shortcut: string | undefined, ...content: HTMLElement[]): HTMLElement {
  return h('section', { 'aria-labelledby': `${id}-title`, class: 'panel' }, h('h2', { id: `${id}-title` }, `${title} `, shortcut && h('kbd', {}, shortcut)), content);
}

/** The key-entry form: the first thing a till sees when it has no key and no local demo key. */
function showSettings(current: TillSettings, cancel?: () => void): void {
  stopTill();
  const url = h('input', { id: 'settings-url', name: 'url', value: current.url, required: true, autocomplete: 'off' }) as HTMLInputElement;
  const key = h('input', { id: 'settings-key', name: 'terminalKey', value: current.terminalKey, required: true, autocomplete: 'off', spellcheck: 'false' }) as HTMLInputElement;
  const currency = h('input', { id: 'settings-currency', name: 'currency', value: current.currency, required: true, pattern: '[A-Z]{3}', maxlength: 3 }) as HTMLInputElement;
  const form = h(
    'form',
    {
      class: 'panel settings',
      'aria-labelledby': 'settings-title',
      onsubmit: (event) => {
        event.preventDefault();
        const settings: TillSettings = { url: url.value.trim().replace(/\/+$/, ''), terminalKey: key.value.trim(), currency: currency.value.trim().toUpperCase() };
        saveSettings(settings);
        startTill(settings);
      },
    },
    h('h1', { id: 'settings-title' }, 'Till setup'),
    h('p', {}, 'Enter the terminal key your program manager created for this store (Manage → Keys, or ', h('code', {}, 'npm run cli -- keys create'), ').'),
    h('label', { for: 'settings-url' }, 'API address'),
    url,
    h('label', { for: 'settings-key' }, 'Terminal key'),
    key,
    h('label', { for: 'settings-currency' }, 'Currency'),
    currency,
    h('div', { class: 'row' }, h('button', { type: 'submit', class: 'primary' }, 'Save and open the till'), cancel && h('button', { type: 'button', onclick: cancel }, 'Cancel')),
  );
  root.replaceChildren(form);
  (current.terminalKey ? url : key).focus();
}

function startTill(settings: TillSettings): void {
  stopTill();
  const client: PosClient = createPosClient({ url: settings.url, terminalKey: settings.terminalKey, storage: indexedDbStorage(), timeoutMs: 6_000, retry: { retries: 2 } });
  const currency = settings.currency;
  const fmt = (cents: number) => money(cents, currency);
  const state = {
    member: undefined as IdentifyResult | undefined,
    notFound: undefined as string | undefined,
    lines: [] as Line[],
    nextLine: 1,
    quote: undefined as QuoteResult | undefined,
    quoteNote: '' as string,
    applied: [] as Applied[],
    refund: undefined as { orderId: string; refundId: string } | undefined,
  };

  // ---- layout -------------------------------------------------------------------------------
  const banner = h('div', { id: 'banner', role: 'status', 'aria-live': 'polite' });
  const notice = h('div', { id: 'notice', role: 'alert', 'aria-live': 'assertive' });
  const memberInput = h('input', {
    id: 'member-code',
    'data-focus': 'member-code',
    placeholder: 'Member code, phone, card or email',
    autocomplete: 'off',
    spellcheck: 'false',
    enterkeyhint: 'search',
  }) as HTMLInputElement;
  const memberForm = h(
    'form',
    { id: 'member-form', class: 'row wrap', onsubmit: (event) => (event.preventDefault(), void identify(memberInput.value)) },
    memberInput,
    h('button', { type: 'submit', class: 'primary' }, 'Find member'),
  );
  const memberRegion = h('div', { id: 'member' });

  const itemName = h('input', { id: 'item-name', 'data-focus': 'item-name', placeholder: 'SKU or product name', autocomplete: 'off', list: 'products' }) as HTMLInputElement;
  const itemCategory = h('select', { id: 'item-category', 'aria-label': 'Category' }, categories.map((c) => h('option', { value: c }, c))) as HTMLSelectElement;
  const itemPrice = h('input', { id: 'item-price', inputmode: 'decimal', placeholder: 'Price', 'aria-label': 'Unit price', autocomplete: 'off' }) as HTMLInputElement;
  const itemQty = h('input', { id: 'item-qty', type: 'number', min: 1, value: 1, 'aria-label': 'Quantity' }) as HTMLInputElement;
  itemName.addEventListener('change', () => {
    const known = quickProducts.find((p) => p.sku === itemName.value.trim() || p.name.toLowerCase() === itemName.value.trim().toLowerCase());
    if (known) {
      itemCategory.value = known.category;
      if (!itemPrice.value) itemPrice.value = (known.unitPrice / 100).toFixed(2);
    }
  });
  const itemForm = h(
    'form',
    { id: 'item-form', class: 'row wrap', onsubmit: (event) => (event.preventDefault(), addTypedLine()) },
    itemName,
    itemCategory,
    itemPrice,
    itemQty,
    h('button', { type: 'submit' }, 'Add line'),
    h('datalist', { id: 'products' }, quickProducts.map((p) => h('option', { value: p.sku }, p.name))),
  );
  const quick = h(
    'div',
    { class: 'quick', role: 'group', 'aria-label': 'Quick add' },
    quickProducts.map((p) => h('button', { type: 'button', 'data-sku': p.sku, onclick: () => addLine(p) }, h('span', {}, p.name), h('small', {}, fmt(p.unitPrice)))),
  );
  const basketRegion = h('div', { id: 'basket' });
  const previewRegion = h('div', { id: 'preview', 'aria-live': 'polite' });
  const rewardsRegion = h('div', { id: 'rewards' });
  const payment = h('select', { id: 'payment', 'aria-label': 'Payment method' }, h('option', { value: 'card' }, 'Card'), h('option', { value: 'cash' }, 'Cash'), h('option', { value: 'mobile' }, 'Mobile')) as HTMLSelectElement;
  const completeButton = h('button', { id: 'complete-sale', class: 'primary big', type: 'button', onclick: () => void completeSale() }, 'Complete sale ', h('kbd', {}, 'Alt+P'));
  const receiptRegion = h('div', { id: 'receipt', 'aria-live': 'polite' });

  const refundOrder = h('input', { id: 'refund-order', 'data-focus': 'refund-order', placeholder: 'Order id', autocomplete: 'off', spellcheck: 'false' }) as HTMLInputElement;
  const refundRegion = h('div', { id: 'refund-lines' });
  const refundForm = h(
    'form',
    { id: 'refund-form', class: 'row wrap', onsubmit: (event) => (event.preventDefault(), showRefundLines()) },
    refundOrder,
    h('button', { type: 'submit' }, 'Find sale'),
    h('button', { type: 'button', id: 'refund-all', onclick: () => void refundWhole() }, 'Refund whole order'),
  );
  const queueRegion = h('div', { id: 'queue' });

  root.replaceChildren(
    h(
      'header',
      {},
      h('h1', {}, 'Omniloyal till'),
      h('span', { class: 'store' }, settings.storeId ? `Store ${settings.storeId}` : ''),
      h('button', { type: 'button', class: 'ghost', onclick: () => showSettings(settings, () => startTill(settings)) }, 'Till settings'),
    ),
    banner,
    notice,
    h(
      'main',
      {},
      panel('member', 'Member', 'Alt+M', memberForm, memberRegion),
      panel('basket', 'Basket', 'Alt+I', quick, itemForm, basketRegion),
      panel('sale', 'Sale', undefined, previewRegion, rewardsRegion, h('div', { class: 'row' }, h('label', { for: 'payment' }, 'Paid by'), payment), completeButton, receiptRegion),
      panel('refund', 'Refund', 'Alt+R', refundForm, refundRegion, queueRegion),
    ),
  );

  // ---- messages and status ------------------------------------------------------------------
  function say(text: string, kind: 'error' | 'info' = 'info'): void {
    replace(notice, text ? h('p', { class: kind }, text) : null);
  }
  function explain(error: unknown): string {
    if (!isPosError(error)) return String(error);
    if (error.isNetwork) return 'The loyalty service cannot be reached right now.';
    return error.message;
  }

  async function renderStatus(): Promise<void> {
    const status = client.status();
    const operations = await client.queue();
    const pending = operations.filter((op) => op.status === 'pending').length;
    const failed = operations.filter((op) => op.status === 'failed');
    banner.className = status.online ? (pending ? 'syncing' : 'online') : 'offline';
    replace(
      banner,
      status.online
        ? h('span', {}, pending ? `Online — posting ${pending} saved ${pending === 1 ? 'sale' : 'sales'}…` : 'Online')
        : h('span', { id: 'offline-banner' }, `Offline — ${pending} ${pending === 1 ? 'sale' : 'sales'} waiting. Sales still complete; points are added when the till reconnects.`),
      h('span', { id: 'queue-length', 'data-pending': pending }, `Queue: ${pending}`),
      h('button', { type: 'button', id: 'sync-now', 'data-focus': 'sync-now', onclick: () => void syncNow() }, 'Sync now'),
    );
    replace(
      queueRegion,
      failed.length > 0 &&
        h(
          'div',
          { class: 'failed' },
          h('h3', {}, `${failed.length} refused on replay — please check`),
          failed.map((op) =>
            h(
              'div',
              { class: 'row' },
              h('span', {}, `${op.kind} ${'refundId' in op.input ? op.input.refundId : op.input.orderId}: ${op.error?.message ?? ''}`),
              h('button', { type: 'button', 'data-focus': `retry-${op.key}`, onclick: () => void client.retry(op.key).then(syncNow) }, 'Try again'),
              h('button', { type: 'button', 'data-focus': `dismiss-${op.key}`, onclick: () => void client.dismiss(op.key).then(renderStatus) }, 'Dismiss'),
            ),
          ),
        ),
    );
  }
  async function syncNow(): Promise<void> {
    if (await client.ping()) await client.replay();
    await renderStatus();
  }
  // Other tabs of this till share the queue: tell them when it changes so their banners follow at once.
  const tabs = typeof BroadcastChannel === 'function' ? new BroadcastChannel('omniloyal-pos-queue') : undefined;
  if (tabs) tabs.onmessage = () => void renderStatus();
  const queueChanged = () => tabs?.postMessage('changed');
  client.subscribe((event) => {
    if (event.type !== 'status') queueChanged();
    if (event.type === 'posted' && event.operation.kind === 'checkout') {
      const receipt = event.receipt as CheckoutReceipt;
      say(`Saved sale ${receipt.orderId} is posted: ${receipt.earned.points} points earned.`);
    }
    if (event.type === 'failed') say(`A saved ${event.operation.kind} was refused: ${event.operation.error?.message ?? ''}`, 'error');
    void renderStatus();
  });
  const stopReplay = client.startAutoReplay(5_000);
  const pinger = setInterval(() => {
    if (!client.status().online) void client.ping();
  }, 5_000);

  // ---- member --------------------------------------------------------------------------------
  async function identify(raw: string): Promise<void> {
    const attempts = identifyAttempts(raw);
    if (attempts.length === 0) return;
    say('');
    for (const attempt of attempts) {
      try {
        await releaseAll();
        state.member = await client.identify(attempt);
        state.notFound = undefined;
        memberInput.value = '';
        renderMember();
        refreshQuote();
        itemName.focus();
        return;
      } catch (error) {
        if (isPosError(error) && (error.code === 'NOT_FOUND' || error.code === 'BAD_REQUEST')) continue;
        say(explain(error), 'error');
        return;
      }
    }
    state.member = undefined;
    state.notFound = raw.trim();
    renderMember();
  }
  async function enroll(raw: string): Promise<void> {
    const by = enrollmentFrom(raw);
    if (!by) return;
    try {
      const member = await client.enroll(by);
      await identify(by.phone ?? by.email ?? member.memberId);
      say('Member enrolled.');
    } catch (error) {
      say(explain(error), 'error');
    }
  }
  function renderMember(): void {
    const m = state.member;
    if (m) {
      replace(
        memberRegion,
        h(
          'div',
          { class: 'member-card', 'data-member-id': m.memberId },
          h('strong', { id: 'member-name' }, m.name ?? 'Member'),
          h('span', { class: 'tier' }, m.tier.name),
          h('span', { id: 'member-balance' }, `${m.balance.available} points available`),
          m.reservations.length > 0 && h('span', {}, `${m.reservations.length} reserved reward(s)`),
          h('button', { type: 'button', 'data-focus': 'clear-member', onclick: () => void clearMember() }, 'Clear member'),
        ),
      );
    } else if (state.notFound) {
      const canEnroll = enrollmentFrom(state.notFound);
      const raw = state.notFound;
      replace(
        memberRegion,
        h('p', { class: 'error' }, `No member found for “${raw}”.`),
        canEnroll && h('button', { type: 'button', 'data-focus': 'enroll', class: 'primary', onclick: () => void enroll(raw) }, `Enrol ${canEnroll.phone ?? canEnroll.email}`),
      );
    } else {
      replace(memberRegion, h('p', { class: 'hint' }, 'Guest sale — scan the member’s app code or type a phone, card or email.'));
    }
  }
  async function clearMember(): Promise<void> {
    await releaseAll();
    state.member = undefined;
    state.notFound = undefined;
    renderMember();
    refreshQuote();
    memberInput.focus();
  }

  // ---- basket --------------------------------------------------------------------------------
  function addLine(product: { sku: string; name: string; category: string; unitPrice: number }, quantity = 1): void {
    const same = state.lines.find((l) => l.sku === product.sku && l.unitPrice === product.unitPrice);
    if (same) same.quantity += quantity;
    else state.lines.push({ lineId: `l${state.nextLine++}`, ...product, quantity });
    renderBasket();
    refreshQuote();
  }
  function addTypedLine(): void {
    const name = itemName.value.trim();
    const price = Math.round(Number(itemPrice.value.replace(',', '.')) * 100);
    const quantity = Math.max(1, Math.floor(Number(itemQty.value) || 1));
    const known = quickProducts.find((p) => p.sku === name || p.name.toLowerCase() === name.toLowerCase());
    if (!name) return void itemName.focus();
    const unitPrice = itemPrice.value ? price : known?.unitPrice;
    if (unitPrice === undefined || !Number.isFinite(unitPrice) || unitPrice < 0) {
      say('Enter a price for this item.', 'error');
      return void itemPrice.focus();
    }
    addLine({ sku: known?.sku ?? name.toLowerCase().replace(/\s+/g, '-'), name: known?.name ?? name, category: itemCategory.value, unitPrice }, quantity);
    itemName.value = '';
    itemPrice.value = '';
    itemQty.value = '1';
    itemName.focus();
  }
  function changeQuantity(line: Line, delta: number): void {
    line.quantity += delta;
    if (line.quantity <= 0) state.lines = state.lines.filter((l) => l !== line);
    renderBasket();
    refreshQuote();
  }
  const subtotal = () => state.lines.reduce((sum, l) => sum + l.quantity * l.unitPrice, 0);
  const discountTotal = () => state.applied.reduce((sum, a) => sum + a.discount, 0);
  function renderBasket(): void {
    replace(
      basketRegion,
      state.lines.length === 0
        ? h('p', { class: 'hint' }, 'The basket is empty.')
        : h(
            'table',
            { id: 'basket-lines' },
            h('thead', {}, h('tr', {}, h('th', {}, 'Item'), h('th', {}, 'Qty'), h('th', {}, 'Price'), h('th', {}, ''))),
            h(
              'tbody',
              {},
              state.lines.map((line) =>
                h(
                  'tr',
                  { 'data-line': line.lineId },
                  h('td', {}, line.name, h('small', {}, ` ${line.category}`)),
                  h(
                    'td',
                    { class: 'qty' },
                    h('button', { type: 'button', 'data-focus': `minus-${line.lineId}`, 'aria-label': `One less ${line.name}`, onclick: () => changeQuantity(line, -1) }, '−'),
                    h('span', {}, line.quantity),
                    h('button', { type: 'button', 'data-focus': `plus-${line.lineId}`, 'aria-label': `One more ${line.name}`, onclick: () => changeQuantity(line, 1) }, '+'),
                  ),
                  h('td', {}, fmt(line.quantity * line.unitPrice)),
                  h('td', {}, h('button', { type: 'button', 'data-focus': `remove-${line.lineId}`, 'aria-label': `Remove ${line.name}`, onclick: () => changeQuantity(line, -line.quantity) }, '✕')),
                ),
              ),
            ),
            h('tfoot', {}, h('tr', {}, h('th', { colspan: 2 }, 'Total'), h('th', { id: 'basket-total', colspan: 2 }, fmt(subtotal() - discountTotal())))),
          ),
    );
  }

  const order = () => ({
    lines: state.lines.map(({ lineId, sku, category, quantity, unitPrice }) => ({ lineId, sku, category, quantity, unitPrice })),
    payments: [{ method: payment.value, amount: Math.max(0, subtotal() - discountTotal()) }],
    currency,
  });

  // ---- earn preview and rewards ---------------------------------------------------------------
  let quoteSeq = 0;
  let quoteTimer: ReturnType<typeof setTimeout> | undefined;
  function refreshQuote(): void {
    clearTimeout(quoteTimer);
    quoteTimer = setTimeout(() => void quote(), 150);
  }
  async function quote(): Promise<void> {
    const seq = ++quoteSeq;
    if (!state.member || state.lines.length === 0) {
      state.quote = undefined;
      state.quoteNote = state.member ? 'Add items to see what this sale earns.' : 'Identify a member to earn points on this sale.';
    } else {
      try {
        const result = await client.quote({ memberId: state.member.memberId, order: { ...order(), occurredAt: new Date().toISOString() } });
        if (seq !== quoteSeq) return;
        state.quote = result;
        state.quoteNote = '';
      } catch (error) {
        if (seq !== quoteSeq) return;
        state.quote = undefined;
        state.quoteNote = isPosError(error) && error.isNetwork ? 'Earn preview unavailable offline; the sale still earns when it posts.' : explain(error);
      }
    }
    renderPreview();
  }
  function renderPreview(): void {
    const q = state.quote;
    const earnWith = q && state.applied.length === 1 ? q.rewards.find((r) => r.rewardId === state.applied[0]!.rewardId)?.earnWith : undefined;
    replace(
      previewRegion,
      q
        ? h(
            'div',
            { class: 'earn' },
            h('p', { id: 'earn-preview' }, h('strong', {}, `Earns ${earnWith ?? q.earn.points} points`), state.applied.length ? ' with the rewards applied' : ''),
            earnWith === undefined ? h('ul', {}, q.earn.rules.map((rule) => h('li', {}, rule.explanation))) : h('p', { class: 'hint' }, `Without the reward: ${q.earn.points} points`),
          )
        : h('p', { class: 'hint', id: 'earn-preview' }, state.quoteNote),
    );
    const offered = q?.rewards ?? [];
    const reservations = state.member?.reservations ?? [];
    replace(
      rewardsRegion,
      (offered.length > 0 || state.applied.length > 0 || reservations.length > 0) && h('h3', {}, 'Rewards'),
      h(
        'div',
        { class: 'reward-list' },
        reservations.map((r) => {
          const isApplied = state.applied.some((a) => a.holdId === r.holdId);
          const name = offered.find((o) => o.rewardId === r.rewardId)?.name ?? r.rewardId ?? 'Reward';
          return h(
            'button',
            { type: 'button', class: isApplied ? 'reward applied' : 'reward', 'data-reservation': r.code, 'data-focus': `reservation-${r.holdId}`, 'aria-pressed': isApplied ? 'true' : 'false', onclick: () => toggleReservation(r) },
            h('span', {}, `${isApplied ? '✓ ' : ''}Reserved: ${name}`),
            h('small', {}, `${r.points} points · code ${r.code}`),
          );
        }),
        state.applied
          .filter((a) => !a.reserved && !offered.some((r) => r.rewardId === a.rewardId))
          .map((a) => rewardButton(a.rewardId, a.name, a.points, a.discount, true)),
        offered.map((r) => rewardButton(r.rewardId, r.name, r.points, r.discount.amount, state.applied.some((a) => a.rewardId === r.rewardId && !a.reserved))),
      ),
    );
  }
  function rewardButton(rewardId: string, name: string, points: number, discount: number, isApplied: boolean): HTMLElement {
    return h(
      'button',
      { type: 'button', class: isApplied ? 'reward applied' : 'reward', 'data-reward': rewardId, 'data-focus': `reward-${rewardId}`, 'aria-pressed': isApplied ? 'true' : 'false', onclick: () => void toggleReward(rewardId, name, points, discount) },
      h('span', {}, isApplied ? `✓ ${name}` : name),
      h('small', {}, `${points} points · −${fmt(discount)}`),
    );
  }
  function toggleReservation(r: IdentifyResult['reservations'][number]): void {
    if (state.applied.some((a) => a.holdId === r.holdId)) state.applied = state.applied.filter((a) => a.holdId !== r.holdId);
    else {
      const offered = state.quote?.rewards.find((o) => o.rewardId === r.rewardId);
      state.applied.push({ rewardId: r.rewardId ?? '', holdId: r.holdId, name: offered?.name ?? 'Reserved reward', points: r.points, discount: offered?.discount.amount ?? 0, reserved: true });
    }
    renderBasket();
    renderPreview();
  }
  async function toggleReward(rewardId: string, name: string, points: number, discount: number): Promise<void> {
    const member = state.member;
    if (!member) return;
    const existing = state.applied.find((a) => a.rewardId === rewardId && !a.reserved);
    try {
      if (existing) {
        await client.release({ holdId: existing.holdId });
        state.applied = state.applied.filter((a) => a !== existing);
      } else {
        const holdId = client.newHoldId();
        await client.hold({ holdId, memberId: member.memberId, rewardId });
        state.applied.push({ rewardId, holdId, name, points, discount });
      }
      say('');
    } catch (error) {
      say(isPosError(error) && error.isNetwork ? 'Rewards need a connection to the loyalty service.' : explain(error), 'error');
    }
    renderBasket();
    renderPreview();
  }
  async function releaseAll(): Promise<void> {
    const holds = state.applied;
    state.applied = [];
    await Promise.all(holds.filter((a) => !a.reserved).map((a) => client.release({ holdId: a.holdId }).catch(() => undefined)));
  }

  // ---- sale and receipt ------------------------------------------------------------------------
  let selling = false;
  async function completeSale(): Promise<void> {
    if (selling) return;
    if (state.lines.length === 0) {
      say('Add at least one item first.', 'error');
      return void itemName.focus();
    }
    selling = true;
    completeButton.setAttribute('aria-busy', 'true');
    const orderId = client.newOrderId();
    const estimate = state.quote?.earn.points;
    const lines = state.lines.map(({ lineId, name, quantity, unitPrice }) => ({ lineId, name, quantity, unitPrice }));
    const total = subtotal() - discountTotal();
    try {
      const outcome = await client.checkout({
        orderId,
        ...(state.member ? { memberId: state.member.memberId } : {}),
        order: order(),
        ...(state.applied.length ? { redeem: state.applied.map((a) => ({ holdId: a.holdId })) } : {}),
      });
      rememberSale({ orderId, at: new Date().toISOString(), lines });
      renderReceipt(orderId, total, outcome, estimate);
      if (outcome.status === 'queued') queueChanged();
      state.member = undefined;
      state.notFound = undefined;
      state.lines = [];
      state.applied = [];
      state.quote = undefined;
      refundOrder.value = orderId;
      renderMember();
      renderBasket();
      void quote();
      say('');
      receiptRegion.querySelector<HTMLElement>('#new-sale')?.focus();
    } catch (error) {
      say(`The sale was not recorded: ${explain(error)}`, 'error');
    } finally {
      selling = false;
      completeButton.removeAttribute('aria-busy');
      void renderStatus();
    }
  }
  function renderReceipt(orderId: string, total: number, outcome: Outcome<CheckoutReceipt>, estimate: number | undefined): void {
    const body =
      outcome.status === 'posted'
        ? [
            h('p', { id: 'receipt-earned' }, h('strong', {}, `${outcome.receipt.earned.points} points earned`)),
            h('ul', {}, outcome.receipt.lines.map((line) => h('li', {}, line))),
            outcome.receipt.balance && h('p', { id: 'receipt-balance' }, `Balance: ${outcome.receipt.balance.available} points`),
          ]
        : [
            h('p', { id: 'receipt-queued', class: 'queued' }, outcome.message),
            estimate !== undefined && h('p', {}, `Expected: about ${estimate} points.`),
          ];
    replace(
      receiptRegion,
      h(
        'div',
        { class: 'receipt', 'data-status': outcome.status },
        h('h3', {}, 'Receipt'),
        h('p', {}, 'Order ', h('code', { id: 'receipt-order' }, orderId)),
        h('p', {}, `Total ${fmt(total)}`),
        body,
        h('button', { type: 'button', id: 'new-sale', 'data-focus': 'new-sale', class: 'primary', onclick: newSale }, 'New sale ', h('kbd', {}, 'Alt+N')),
      ),
    );
  }
  function newSale(): void {
    replace(receiptRegion);
    replace(refundRegion);
    memberInput.focus();
  }

  // ---- refunds ----------------------------------------------------------------------------------
  function showRefundLines(): void {
    const orderId = refundOrder.value.trim();
    if (!orderId) return void refundOrder.focus();
    if (state.refund?.orderId !== orderId) state.refund = { orderId, refundId: client.newRefundId() };
    const sale = findSale(orderId);
    if (!sale) {
      replace(refundRegion, h('p', { class: 'hint' }, 'This till has no lines for that order; use “Refund whole order”.'));
      return;
    }
    const inputs = sale.lines.map((line) => h('input', { type: 'number', min: 0, max: line.quantity, value: line.quantity, 'data-line': line.lineId, 'aria-label': `Refund quantity of ${line.name}` }) as HTMLInputElement);
    replace(
      refundRegion,
      h(
        'form',
        { id: 'refund-lines-form', onsubmit: (event) => (event.preventDefault(), void refundLines(orderId, inputs)) },
        h('table', {}, h('tbody', {}, sale.lines.map((line, i) => h('tr', {}, h('td', {}, line.name), h('td', {}, `of ${line.quantity}`), h('td', {}, inputs[i]!))))),
        h('button', { type: 'submit', id: 'refund-selected', class: 'primary' }, 'Refund selected lines'),
      ),
    );
    inputs[0]?.focus();
  }
  async function refundLines(orderId: string, inputs: HTMLInputElement[]): Promise<void> {
    const lines = inputs.map((input) => ({ lineId: input.dataset.line!, quantity: Math.floor(Number(input.value) || 0) })).filter((l) => l.quantity > 0);
    if (lines.length === 0) return say('Choose at least one line to refund.', 'error');
    const refundId = state.refund?.orderId === orderId ? state.refund.refundId : client.newRefundId();
    try {
      showRefundResult(await client.refund({ orderId, refundId, lines }));
      state.refund = undefined;
    } catch (error) {
      say(`The refund was not recorded: ${explain(error)}`, 'error');
    }
  }
  async function refundWhole(): Promise<void> {
    const orderId = refundOrder.value.trim();
    if (!orderId) return void refundOrder.focus();
    try {
      showRefundResult(await client.void({ orderId }));
    } catch (error) {
      say(`The refund was not recorded: ${explain(error)}`, 'error');
    }
  }
  function showRefundResult(outcome: Outcome<RefundReceipt>): void {
    if (outcome.status === 'queued') queueChanged();
    replace(
      refundRegion,
      h(
        'div',
        { class: 'receipt', id: 'refund-result', 'data-status': outcome.status },
        outcome.status === 'posted'
          ? [
              h('p', {}, h('strong', {}, `Refunded: ${outcome.receipt.reversed} points taken back`)),
              outcome.receipt.rewardsReturned.length > 0 && h('p', {}, `${outcome.receipt.rewardsReturned.reduce((s, r) => s + r.points, 0)} reward points returned`),
              h('ul', {}, outcome.receipt.lines.map((line) => h('li', {}, line))),
            ]
          : h('p', { class: 'queued' }, `Refund saved on this till. ${outcome.message}`),
      ),
    );
    void renderStatus();
  }

  // ---- keyboard --------------------------------------------------------------------------------
  const shortcuts: Record<string, () => void> = {
    KeyM: () => memberInput.focus(),
    KeyI: () => itemName.focus(),
    KeyP: () => void completeSale(),
    KeyR: () => refundOrder.focus(),
    KeyN: () => newSale(),
  };
  // A keyboard-wedge scanner types fast and ends with Enter; catch it when no text field has focus.
  let wedge = '';
  let lastKeyAt = 0;
  const onKey = (event: KeyboardEvent) => {
    if (event.altKey && shortcuts[event.code]) {
      event.preventDefault();
      shortcuts[event.code]!();
      return;
    }
    const target = event.target as HTMLElement;
    if (target.closest('input, select, textarea')) return;
    const at = performance.now();
    if (at - lastKeyAt > 80) wedge = '';
    lastKeyAt = at;
    if (event.key === 'Enter' && wedge.length >= 4) {
      event.preventDefault();
      const code = wedge;
      wedge = '';
      memberInput.value = code;
      void identify(code);
    } else if (event.key.length === 1 && !event.ctrlKey && !event.metaKey) {
      wedge += event.key;
    }
  };
  document.addEventListener('keydown', onKey);
  stopTill = () => {
    stopReplay();
    clearInterval(pinger);
    tabs?.close();
    document.removeEventListener('keydown', onKey);
    stopTill = () => {};
  };

  renderMember();
  renderBasket();
  void quote();
  void renderStatus();
  memberInput.focus();
}
