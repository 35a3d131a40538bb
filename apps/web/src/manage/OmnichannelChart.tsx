import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatMoney, formatNumber } from '../ui/format.ts';
import { CHART_COLORS } from './analytics-range.ts';

interface Segment {
  members: number;
  share: number;
  orders: number;
  spend: number;
  lifetimeValue: number;
}

/** Members who shop in two or more channels against one-channel members: count, spend, lifetime value. */
export function OmnichannelChart({ omnichannel, singleChannel, currency }: { omnichannel: Segment | undefined; singleChannel: Segment | undefined; currency: string }) {
  const per = (s: Segment | undefined) => (s && s.members > 0 ? s.spend / s.members : 0);
  const data = [
    { name: 'Spend per member', omni: per(omnichannel) / 100, single: per(singleChannel) / 100 },
    { name: 'Lifetime value', omni: (omnichannel?.lifetimeValue ?? 0) / 100, single: (singleChannel?.lifetimeValue ?? 0) / 100 },
  ];
  const lift = singleChannel && singleChannel.lifetimeValue > 0 && omnichannel && omnichannel.members > 0 ? omnichannel.lifetimeValue / singleChannel.lifetimeValue : undefined;
  return (
    <section className="card" aria-labelledby="chart-omni">
      <h2 id="chart-omni">Omnichannel members against single-channel members</h2>
      <div className="grid-2" style={{ alignItems: 'center' }}>
        <div className="grid-2">
          <div className="card-flat kpi">
            <span className="kpi-label">Omnichannel</span>
            <span className="kpi-value">{formatNumber(omnichannel?.members ?? 0)}</span>
            <span className="kpi-sub">{((omnichannel?.share ?? 0) * 100).toFixed(0)}% of buyers · {formatMoney(omnichannel?.spend ?? 0, currency)} spend</span>
          </div>
          <div className="card-flat kpi">
            <span className="kpi-label">Single channel</span>
            <span className="kpi-value">{formatNumber(singleChannel?.members ?? 0)}</span>
            <span className="kpi-sub">{((singleChannel?.share ?? 0) * 100).toFixed(0)}% of buyers · {formatMoney(singleChannel?.spend ?? 0, currency)} spend</span>
          </div>
          {lift !== undefined && (
            <p className="small" style={{ gridColumn: '1 / -1' }}>
              Omnichannel members are worth <strong>{lift.toFixed(1)}×</strong> a single-channel member over their lifetime.
            </p>
          )}
        </div>
        <div style={{ height: 240 }} role="img" aria-label="Spend per member and lifetime value, omnichannel against single-channel">
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={data} margin={{ top: 10, right: 10, left: 0, bottom: 0 }}>
              <CartesianGrid stroke="#eee" vertical={false} />
              <XAxis dataKey="name" tick={{ fontSize: 12 }} />
              <YAxis tick={{ fontSize: 12 }} width={56} tickFormatter={(v: number) => formatMoney(v * 100, currency).replace(/\.00$/, '')} />
              <Tooltip formatter={(v, name) => [formatMoney(Number(v) * 100, currency), String(name)]} />
              <Legend />
              <Bar dataKey="omni" name="Omnichannel" fill={CHART_COLORS.green} radius={[4, 4, 0, 0]} isAnimationActive={false} />
              <Bar dataKey="single" name="Single channel" fill={CHART_COLORS.gold} radius={[4, 4, 0, 0]} isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </div>
      </div>
    </section>
  );
}
