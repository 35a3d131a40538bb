import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { trpc } from '../trpc.ts';
import { Kpi } from './Kpi.tsx';
import { apiProblem } from '../ui/api-errors.ts';
import { FormMessage } from '../ui/FormMessage.tsx';
import { formatMoney, formatNumber } from '../ui/format.ts';
import { RANGES, rangeFor, type RangeId } from './analytics-range.ts';
import { MetricSeriesChart } from './MetricSeriesChart.tsx';
import { PointsFlowChart } from './PointsFlowChart.tsx';
import { ChannelOrderValueChart } from './ChannelOrderValueChart.tsx';
import { OmnichannelChart } from './OmnichannelChart.tsx';
import { RetentionCohortTable } from './RetentionCohortTable.tsx';

/** The program at a glance: liability, points flows, members, retention and channels. */
export function AnalyticsPage() {
  const [rangeId, setRangeId] = useState<RangeId>('90d');
  const range = rangeFor(rangeId);
  const summary = useQuery(trpc.manager.analytics.summary.queryOptions({ from: range.from, to: range.to }));
  const s = summary.data;
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>Analytics</h1>
          <p>Liability, issuance, redemption and how members shop across channels.</p>
        </div>
        <div className="row" role="group" aria-label="Date range">
          {RANGES.map((r) => (
            <button key={r.id} type="button" className={`btn btn-small ${r.id === rangeId ? 'btn-primary' : 'btn-secondary'}`} aria-pressed={r.id === rangeId} onClick={() => setRangeId(r.id)}>
              {r.label}
            </button>
          ))}
        </div>
      </div>
      <FormMessage message={apiProblem(summary.error).message} />
      <div className="grid-3" aria-busy={summary.isPending}>
        <Kpi label="Outstanding liability" value={s ? `${formatNumber(s.liability.points)} pts` : '…'} sub={s?.liability.amount !== undefined ? formatMoney(s.liability.amount, s.currency) : undefined} />
        <Kpi label="Issued" value={s ? formatNumber(s.issued) : '…'} sub="points in range" />
        <Kpi label="Redeemed" value={s ? formatNumber(s.redeemed) : '…'} sub={s ? `${formatNumber(s.expired)} expired · breakage ${(s.breakageRate * 100).toFixed(1)}%` : undefined} />
        <Kpi label="Active members" value={s ? formatNumber(s.activeMembers) : '…'} sub="earned or redeemed in range" />
      </div>
      <div className="chart-grid">
        <MetricSeriesChart title="Liability over time" metric="liability" range={range} kind="area" unit="pts" />
        <PointsFlowChart range={range} />
        <MetricSeriesChart title="Active members" metric="active_members" range={range} kind="line" unit="members" />
        <ChannelOrderValueChart channels={s?.channels ?? []} currency={s?.currency ?? 'USD'} />
      </div>
      <OmnichannelChart omnichannel={s?.omnichannel} singleChannel={s?.singleChannel} currency={s?.currency ?? 'USD'} />
      <RetentionCohortTable cohorts={s?.retention ?? []} />
    </div>
  );
}
