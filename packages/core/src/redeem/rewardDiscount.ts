import { compileLineFilter } from '../earn/compileCondition.ts';
import { formatMoney } from '../money.ts';
import type { Order, OrderLine } from '../program/order.ts';
import type { Reward } from '../program/reward.ts';

export interface RewardDiscount {
  /** Minor units off the basket (0 when nothing in the basket qualifies). */
  amount: number;
  /** The line a free-item reward applies to. */
  lineId?: string;
  description: string;
}

function subtotalOf(order: Order): number {
  return order.lines.reduce((s, l) => s + l.quantity * l.unitPrice, 0);
}

/**
 * The discount a reward gives on a basket. A free item goes to the most expensive
 * eligible unit (best for the shopper; ties to the earlier line), up to the reward's
 * value. Amount and percent off never exceed the subtotal; percent rounds down.
 */
export function rewardDiscount(reward: Reward, order: Order): RewardDiscount {
  const money = (amount: number) => formatMoney(amount, order.currency);
  const benefit = reward.benefit;
  switch (benefit.kind) {
    case 'free-item': {
      const match = benefit.lines ? compileLineFilter(benefit.lines) : () => true;
      let best: OrderLine | undefined;
      for (const line of order.lines) if (match(line) && line.quantity > 0 && (!best || line.unitPrice > best.unitPrice)) best = line;
      if (!best) return { amount: 0, description: `${reward.name}: no eligible item in the basket` };
      const amount = Math.min(best.unitPrice, benefit.maxValue);
      return { amount, lineId: best.lineId, description: `${reward.name}: one ${best.sku} free (−${money(amount)})` };
    }
    case 'amount-off': {
      const amount = Math.min(benefit.amount, subtotalOf(order));
      return { amount, description: `${reward.name}: −${money(amount)}` };
    }
    case 'percent-off': {
      let amount = Math.floor((subtotalOf(order) * benefit.percent) / 100);
      if (benefit.maxAmount !== undefined) amount = Math.min(amount, benefit.maxAmount);
      return { amount, description: `${reward.name}: ${benefit.percent}% off (−${money(amount)})` };
    }
    case 'partner-voucher':
      return { amount: 0, description: `${reward.name}: a voucher from ${benefit.partner}` };
  }
}
