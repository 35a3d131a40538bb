import { useQuery } from '@tanstack/react-query';
import { Area, AreaChart, CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { trpc } from '../trpc.ts';
import { apiProblem } from '../ui/api-errors.ts';
import { FormMessage } from '../ui/FormMessage.tsx';
import { formatNumber } from '../ui/format.ts';
import { bucketLabel, CHART_COLORS } from './analytics-range.ts';
import { PartialAwareTooltip, PartialPeriodNote } from './partial-periods.tsx';

type Metric = 'liability' | 'active_members' | 'issued' | 'redeemed' | 'expired' | 'orders' | 'revenue' | 'average_order_value';

/** One metric over time from manager.analytics.series, as an area or a line. */
export function MetricSeriesChart({ title, metric, range, kind, unit }: { title: string; metric: Metric; range: { from: string; to: string; bucket: 'day' | 'week' | 'month' }; kind: 'area' | 'line'; unit: string }) {
  const series = useQuery(trpc.manager.analytics.series.queryOptions({ metric, from: range.from, to: range.to, bucket: range.bucket }));
  const points = series.data?.points ?? [];
  // `value` draws the solid line over whole periods; `partial` the dashed one over partial periods and
  // on to their whole neighbours, so the two lines meet
  const data = points.map((p, i) => ({
    label: bucketLabel(p.at, range.bucket),
    complete: p.complete,
    amount: p.value,
    value: p.complete ? p.value : undefined,
    partial: !p.complete || points[i - 1]?.complete === false || points[i + 1]?.complete === false ? p.value : undefined,
  }));
  const id = `chart-${metric}`;
  const tooltip = <PartialAwareTooltip series={[{ key: 'amount', name: title, unit }]} />;
  return (
    <section className="card chart-card" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <FormMessage message={apiProblem(series.error).message} />
      <div style={{ height: 260 }} role="img" aria-label={`${title}: ${data.length} points, latest ${formatNumber(data.at(-1)?.amount ?? 0)} ${unit}${data.at(-1)?.complete === false ? ' so far' : ''}`}>
        <ResponsiveContainer width="100%" height="100%">
          {kind === 'area' ? (
            <AreaChart data={data} margin={{ top: 10, right: 10, left: 0, bottom: 0 }}>
              <defs>
                <linearGradient id={`${id}-fill`} x1="0" y1="0" x2="0" y2="1">
                  <stop offset="0%" stopColor={CHART_COLORS.green} stopOpacity={0.35} />
                  <stop offset="100%" stopColor={CHART_COLORS.green} stopOpacity={0.02} />
                </linearGradient>
              </defs>
              <CartesianGrid stroke="#eee" vertical={false} />
              <XAxis dataKey="label" tick={{ fontSize: 12 }} minTickGap={16} />
              <YAxis tick={{ fontSize: 12 }} tickFormatter={compact} width={48} />
              <Tooltip content={tooltip} />
              <Area type="monotone" dataKey="value" stroke={CHART_COLORS.green} strokeWidth={2} fill={`url(#${id}-fill)`} isAnimationActive={false} />
              <Area type="monotone" dataKey="partial" stroke={CHART_COLORS.green} strokeWidth={2} strokeDasharray="5 4" fill="none" isAnimationActive={false} />
            </AreaChart>
          ) : (
            <LineChart data={data} margin={{ top: 10, right: 10, left: 0, bottom: 0 }}>
              <CartesianGrid stroke="#eee" vertical={false} />
              <XAxis dataKey="label" tick={{ fontSize: 12 }} minTickGap={16} />
              <YAxis tick={{ fontSize: 12 }} tickFormatter={compact} width={48} allowDecimals={false} />
              <Tooltip content={tooltip} />
              <Line type="monotone" dataKey="value" stroke={CHART_COLORS.dark} strokeWidth={2} dot={false} isAnimationActive={false} />
              <Line type="monotone" dataKey="partial" stroke={CHART_COLORS.dark} strokeWidth={2} strokeDasharray="5 4" dot={false} isAnimationActive={false} />
            </LineChart>
          )}
        </ResponsiveContainer>
      </div>
      <PartialPeriodNote shown={points.some((p) => !p.complete)} drawn="Dashed" />
    </section>
  );
}

function compact(n: number): string {
  return new Intl.NumberFormat('en-US', { notation: 'compact' }).format(n);
}
