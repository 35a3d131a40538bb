import type { TooltipContentProps } from 'recharts';
import { formatNumber } from '../ui/format.ts';

/**
 * A chart's buckets that cover only part of their period (cut by the range, or not over yet: this
 * week so far) are drawn apart — dashed or faded — and said so in the tooltip: drawn like the others,
 * the current week's few sales read as a collapse.
 */
const PARTIAL_REASON = 'not over yet or cut by the range';

/** Under a chart that has partial buckets: what the dashes or faded bars mean. */
export function PartialPeriodNote({ shown, drawn }: { shown: boolean; drawn: 'Dashed' | 'Faded' }) {
  return shown ? <p className="chart-note">{drawn}: period {PARTIAL_REASON}</p> : null;
}

export interface ChartRow {
  label: string;
  complete: boolean;
}

/** The tooltip of a chart over ChartRows: the period, each series' value once (named when there are several), and whether the period is partial. */
export function PartialAwareTooltip({ active, payload, series }: Partial<TooltipContentProps<number, string>> & { series: { key: string; name: string; unit?: string }[] }) {
  const row = payload?.[0]?.payload as (ChartRow & Record<string, number>) | undefined;
  if (!active || !row) return null;
  return (
    <div className="chart-tooltip">
      <strong>{row.label}</strong>
      {series.map((s) => (
        <div key={s.key}>{series.length > 1 ? `${s.name}: ` : ''}{formatNumber(row[s.key] ?? 0)}{s.unit ? ` ${s.unit}` : ''}</div>
      ))}
      {!row.complete && <div className="chart-tooltip-partial">Part of the period only: {PARTIAL_REASON}</div>}
    </div>
  );
}
