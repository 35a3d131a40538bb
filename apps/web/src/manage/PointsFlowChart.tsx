import { useQueries } from '@tanstack/react-query';
import { Bar, BarChart, CartesianGrid, Cell, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { trpc } from '../trpc.ts';
import { bucketLabel, CHART_COLORS } from './analytics-range.ts';
import { PartialAwareTooltip, PartialPeriodNote } from './partial-periods.tsx';

const METRICS = [
  { metric: 'issued', label: 'Issued', color: CHART_COLORS.green },
  { metric: 'redeemed', label: 'Redeemed', color: CHART_COLORS.gold },
  { metric: 'expired', label: 'Expired', color: CHART_COLORS.grey },
] as const;

/** Issued against redeemed against expired per bucket: three series, batched into one request. */
export function PointsFlowChart({ range }: { range: { from: string; to: string; bucket: 'day' | 'week' | 'month' } }) {
  const results = useQueries({
    queries: METRICS.map((m) => trpc.manager.analytics.series.queryOptions({ metric: m.metric, from: range.from, to: range.to, bucket: range.bucket })),
  });
  const rows = new Map<string, Record<string, number | string | boolean>>();
  results.forEach((r, i) => {
    for (const p of r.data?.points ?? []) {
      const row = rows.get(p.at) ?? { at: p.at, label: bucketLabel(p.at, range.bucket), complete: p.complete };
      row[METRICS[i]!.metric] = p.value;
      rows.set(p.at, row);
    }
  });
  const data = [...rows.values()].sort((a, b) => String(a.at).localeCompare(String(b.at)));
  return (
    <section className="card chart-card" aria-labelledby="chart-flows">
      <h2 id="chart-flows">Issued, redeemed and expired</h2>
      <div style={{ height: 260 }} role="img" aria-label="Points issued, redeemed and expired per period">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} margin={{ top: 10, right: 10, left: 0, bottom: 0 }}>
            <CartesianGrid stroke="#eee" vertical={false} />
            <XAxis dataKey="label" tick={{ fontSize: 12 }} minTickGap={16} />
            <YAxis tick={{ fontSize: 12 }} width={48} />
            <Tooltip content={<PartialAwareTooltip series={METRICS.map((m) => ({ key: m.metric, name: m.label }))} />} />
            <Legend />
            {METRICS.map((m) => (
              <Bar key={m.metric} dataKey={m.metric} name={m.label} fill={m.color} radius={[3, 3, 0, 0]} isAnimationActive={false}>
                {data.map((row) => <Cell key={String(row.at)} fillOpacity={row.complete ? 1 : 0.4} />)}
              </Bar>
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
      <PartialPeriodNote shown={data.some((row) => !row.complete)} drawn="Faded" />
    </section>
  );
}
