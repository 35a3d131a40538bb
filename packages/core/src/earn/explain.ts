import { formatMoney, formatRatio, type Ratio } from '../money.ts';
import type { ProgramDocument } from '../program/document.ts';
import type { LimitKind } from './result.ts';

/** "1 Star" / "12 Stars", using the program's own point name. */
export type PointsLabel = (points: number) => string;

export function pointsLabel(doc: ProgramDocument): PointsLabel {
  const { one, other } = doc.program.pointName;
  const single = `1 ${one}`;
  const suffix = ` ${other}`;
  return (n) => (n === 1 ? single : n + suffix);
}

/** "1.2 Stars per $1.00" for a rate of `points` per `per` minor units. */
export function rateText(doc: ProgramDocument, points: Ratio, per: number): string {
  const { one, other } = doc.program.pointName;
  const unit = points.num === points.den ? one : other;
  return `${formatRatio(points)} ${unit} per ${formatMoney(per, doc.program.currency)}`;
}

const LIMIT_WORDS: Record<LimitKind, string> = {
  order: 'the per-order limit',
  day: 'the daily limit',
  week: 'the weekly limit',
  month: 'the monthly limit',
  budget: 'the campaign budget',
};

/** Suffix for a line a limit reduced: " (capped by the daily limit; 5 Stars not awarded)". */
export function cutText(kind: LimitKind, cut: number, label: PointsLabel): string {
  return ` (capped by ${LIMIT_WORDS[kind]}; ${label(cut)} not awarded)`;
}
