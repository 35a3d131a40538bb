/** The till's own recent sales, so a refund by order id can offer the sale's lines. */
export interface RecentSale {
  orderId: string;
  at: string;
  lines: { lineId: string; name: string; quantity: number; unitPrice: number }[];
}

const KEY = 'omniloyal-pos-recent-sales';
const KEEP = 100;

export function recentSales(): RecentSale[] {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? '[]') as RecentSale[];
  } catch {
    return [];
  }
}

export function rememberSale(sale: RecentSale): void {
  localStorage.setItem(KEY, JSON.stringify([sale, ...recentSales().filter((s) => s.orderId !== sale.orderId)].slice(0, KEEP)));
}

export function findSale(orderId: string): RecentSale | undefined {
  return recentSales().find((sale) => sale.orderId === orderId.trim());
}
