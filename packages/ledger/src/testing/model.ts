import type { RefundPolicy } from '../post/reverse.ts';

/**
 * A small in-memory ledger: the rules of SPEC.md's ledger written as plainly as possible, for the
 * property test to compare the database against. Times are day numbers; null expiry = never.
 */
export interface ModelLot { id: number; member: number; remaining: number; pending: boolean; availableAt: number; expiresAt: number | null; earn?: number }
interface ModelHold { member: number; points: number; parts: { lot: number; points: number }[]; active: boolean }
interface Spent { kind: 'earn' | 'spend'; member: number; points: number; requested: number; lots: number[]; parts: { expiresAt: number | null; points: number }[] }

export type ModelError = 'INSUFFICIENT_POINTS' | 'HOLD_NOT_ACTIVE' | 'INVALID_REQUEST';
export type ModelResult = { ok: true } | { ok: false; code: ModelError };

const order = (a: ModelLot, b: ModelLot) =>
  (a.expiresAt ?? Infinity) - (b.expiresAt ?? Infinity) || a.id - b.id;

export class LedgerModel {
  lots: ModelLot[] = [];
  holds: ModelHold[] = [];
  transactions: Spent[] = [];
  private nextLot = 1;

  balance(member: number) {
    const open = this.lots.filter((lot) => lot.member === member);
    return {
      available: open.filter((lot) => !lot.pending).reduce((sum, lot) => sum + lot.remaining, 0),
      pending: open.filter((lot) => lot.pending).reduce((sum, lot) => sum + lot.remaining, 0),
      held: this.holds.filter((hold) => hold.member === member && hold.active).reduce((sum, hold) => sum + hold.points, 0),
    };
  }

  /** Open lots in spending order, as [remaining, pending, expiresAt]. */
  openLots(member: number) {
    return this.lots.filter((lot) => lot.member === member && lot.remaining !== 0).sort(order)
      .map((lot) => [lot.remaining, lot.pending, lot.expiresAt] as const);
  }

  private newLot(member: number, points: number, now: number, availableAt: number, expiresAt: number | null, earn?: number) {
    const lot = { id: this.nextLot++, member, remaining: points, pending: availableAt > now, availableAt, expiresAt, earn };
    this.lots.push(lot);
    return lot;
  }

  private take(member: number, points: number, pending: boolean, candidates?: ModelLot[]) {
    const taken: { lot: ModelLot; points: number }[] = [];
    let left = points;
    for (const lot of candidates ?? this.lots.filter((l) => l.member === member && l.pending === pending && l.remaining > 0).sort(order)) {
      if (left === 0) break;
      if (lot.remaining <= 0) continue;
      const n = Math.min(lot.remaining, left);
      lot.remaining -= n;
      left -= n;
      taken.push({ lot, points: n });
    }
    return taken;
  }

  /** Positive available points pay debt lots first. */
  private settle(member: number) {
    const debts = this.lots.filter((lot) => lot.member === member && lot.remaining < 0).sort((a, b) => a.id - b.id);
    const owed = -debts.reduce((sum, lot) => sum + lot.remaining, 0);
    if (owed === 0) return;
    let paid = this.take(member, owed, false).reduce((sum, t) => sum + t.points, 0);
    for (const debt of debts) {
      const pay = Math.min(-debt.remaining, paid);
      debt.remaining += pay;
      paid -= pay;
    }
  }

  /** Available after due pending lots are promoted; failed postings roll their promotion back, so check first. */
  private spendable(member: number, now: number) {
    const due = this.lots.filter((lot) => lot.member === member && lot.pending && lot.availableAt <= now)
      .reduce((sum, lot) => sum + lot.remaining, 0);
    return this.balance(member).available + due;
  }

  private promote(member: number, now: number) {
    for (const lot of this.lots) if (lot.member === member && lot.pending && lot.remaining !== 0 && lot.availableAt <= now) lot.pending = false;
    this.settle(member);
  }

  earn(member: number, now: number, lots: { points: number; availableAt: number; expiresAt: number | null }[]): number {
    const tx = this.transactions.length;
    const created = lots.map((l) => this.newLot(member, l.points, now, l.availableAt, l.expiresAt, tx));
    this.transactions.push({ kind: 'earn', member, points: created.reduce((s, l) => s + l.remaining, 0), requested: 0, lots: created.map((l) => l.id), parts: [] });
    this.settle(member);
    return tx;
  }

  redeem(member: number, now: number, points: number): ModelResult & { tx?: number } {
    if (this.spendable(member, now) < points) return { ok: false, code: 'INSUFFICIENT_POINTS' };
    this.promote(member, now);
    const taken = this.take(member, points, false);
    this.transactions.push({ kind: 'spend', member, points, requested: 0, lots: [], parts: taken.map((t) => ({ expiresAt: t.lot.expiresAt, points: t.points })) });
    return { ok: true, tx: this.transactions.length - 1 };
  }

  hold(member: number, now: number, points: number): ModelResult & { hold?: number } {
    if (this.spendable(member, now) < points) return { ok: false, code: 'INSUFFICIENT_POINTS' };
    this.promote(member, now);
    const parts = this.take(member, points, false).map((t) => ({ lot: t.lot.id, points: t.points }));
    this.holds.push({ member, points, parts, active: true });
    return { ok: true, hold: this.holds.length - 1 };
  }

  endHold(index: number, capture: number | 'all' | 0): ModelResult & { tx?: number } {
    const hold = this.holds[index]!;
    if (!hold.active) return { ok: false, code: 'HOLD_NOT_ACTIVE' };
    const points = capture === 'all' ? hold.points : capture;
    if (points > hold.points) return { ok: false, code: 'INVALID_REQUEST' };
    const byLot = (id: number) => this.lots.find((lot) => lot.id === id)!;
    let left = points;
    const captured: { expiresAt: number | null; points: number }[] = [];
    for (const part of [...hold.parts].sort((a, b) => order(byLot(a.lot), byLot(b.lot)))) {
      const c = Math.min(part.points, left);
      left -= c;
      if (c > 0) captured.push({ expiresAt: byLot(part.lot).expiresAt, points: c });
      byLot(part.lot).remaining += part.points - c;
    }
    hold.active = false;
    this.settle(hold.member);
    if (points === 0) return { ok: true };
    this.transactions.push({ kind: 'spend', member: hold.member, points, requested: 0, lots: [], parts: captured });
    return { ok: true, tx: this.transactions.length - 1 };
  }

  reverse(txIndex: number, now: number, points: number, policy: RefundPolicy): ModelResult {
    const tx = this.transactions[txIndex]!;
    if (points > tx.points - tx.requested) return { ok: false, code: 'INVALID_REQUEST' };
    const member = tx.member;
    this.promote(member, now);
    if (tx.kind === 'earn') {
      const own = this.lots.filter((lot) => tx.lots.includes(lot.id) && lot.remaining > 0)
        .sort((a, b) => Number(b.pending) - Number(a.pending) || order(a, b));
      let left = points - this.take(member, points, false, own).reduce((s, t) => s + t.points, 0);
      if (left > 0 && policy === 'claw-back-pending-first') left -= this.take(member, left, true).reduce((s, t) => s + t.points, 0);
      if (left > 0) left -= this.take(member, left, false).reduce((s, t) => s + t.points, 0);
      if (left > 0 && policy === 'allow-negative') {
        this.lots.push({ id: this.nextLot++, member, remaining: -left, pending: false, availableAt: now, expiresAt: null });
      }
    } else {
      let position = 0;
      const from = tx.requested;
      const to = tx.requested + points;
      for (const part of tx.parts) {
        const back = Math.min(position + part.points, to) - Math.max(position, from);
        if (back > 0) this.newLot(member, back, now, now, part.expiresAt);
        position += part.points;
      }
      this.settle(member);
    }
    tx.requested += points;
    return { ok: true };
  }

  adjust(member: number, now: number, points: number): ModelResult {
    if (points > 0) {
      this.newLot(member, points, now, now, null);
      this.settle(member);
      return { ok: true };
    }
    if (this.spendable(member, now) < -points) return { ok: false, code: 'INSUFFICIENT_POINTS' };
    this.promote(member, now);
    this.take(member, -points, false);
    return { ok: true };
  }

  expire(now: number) {
    for (const lot of this.lots) if (lot.remaining > 0 && lot.expiresAt !== null && lot.expiresAt <= now) lot.remaining = 0;
  }

  releasePending(now: number, members: number) {
    for (let member = 0; member < members; member++) this.promote(member, now);
  }
}
