/** Baskets a manager can simulate a draft against without real orders: typical visits in each channel. */
export interface SampleBasket {
  id: string;
  label: string;
  channel: 'pos' | 'web' | 'app' | 'partner';
  tier?: string;
  lines: { sku: string; category: string; unitPrice: number; quantity: number }[];
}

export const SAMPLE_BASKETS: SampleBasket[] = [
  { id: 'latte', label: 'Latte in store', channel: 'pos', lines: [{ sku: 'latte-grande', category: 'handcrafted-drink', unitPrice: 525, quantity: 1 }] },
  {
    id: 'breakfast-app',
    label: 'Breakfast ordered in the app (Gold)',
    channel: 'app',
    tier: 'gold',
    lines: [
      { sku: 'egg-bites', category: 'hot-breakfast', unitPrice: 895, quantity: 1 },
      { sku: 'flat-white', category: 'handcrafted-drink', unitPrice: 575, quantity: 1 },
    ],
  },
  { id: 'coffee-web', label: 'Bag of coffee online', channel: 'web', lines: [{ sku: 'pike-place-1lb', category: 'packaged-coffee', unitPrice: 1699, quantity: 1 }] },
  {
    id: 'lunch-store',
    label: 'Lunch for two in store',
    channel: 'pos',
    lines: [
      { sku: 'turkey-pesto', category: 'lunch', unitPrice: 1250, quantity: 2 },
      { sku: 'croissant', category: 'bakery', unitPrice: 395, quantity: 2 },
    ],
  },
];

/** The simulate procedure's order shape, timed now so date-bound rules behave as they would today. */
export function toSimulationOrder(basket: SampleBasket, currency: string, at = new Date()) {
  const lines = basket.lines.map((line, i) => ({ lineId: `l${i + 1}`, ...line }));
  const total = lines.reduce((sum, l) => sum + l.unitPrice * l.quantity, 0);
  return {
    channel: basket.channel,
    member: basket.tier ? { tier: basket.tier } : {},
    order: { occurredAt: at.toISOString(), lines, payments: [{ method: 'card', amount: total }], currency },
  };
}
