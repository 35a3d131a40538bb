import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { channelName, formatMoney, formatNumber } from '../ui/format.ts';
import { CHART_COLORS } from './analytics-range.ts';

export function ChannelOrderValueChart({ channels, currency }: { channels: { channel: string; orders: number; revenue: number; averageOrderValue: number }[]; currency: string }) {
  const data = channels.map((c) => ({ name: channelName(c.channel), aov: c.averageOrderValue / 100, orders: c.orders }));
  return (
    <section className="card chart-card" aria-labelledby="chart-aov">
      <h2 id="chart-aov">Average order value by channel</h2>
      <div style={{ height: 260 }} role="img" aria-label={`Average order value: ${channels.map((c) => `${channelName(c.channel)} ${formatMoney(c.averageOrderValue, currency)}`).join(', ') || 'no orders'}`}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} margin={{ top: 10, right: 10, left: 0, bottom: 0 }}>
            <CartesianGrid stroke="#eee" vertical={false} />
            <XAxis dataKey="name" tick={{ fontSize: 12 }} />
            <YAxis tick={{ fontSize: 12 }} width={48} tickFormatter={(v: number) => formatMoney(v * 100, currency).replace(/\.00$/, '')} />
            <Tooltip formatter={(v, _n, item) => [`${formatMoney(Number(v) * 100, currency)} over ${formatNumber((item.payload as { orders: number }).orders)} orders`, 'Average order']} />
            <Bar dataKey="aov" fill={CHART_COLORS.green} radius={[4, 4, 0, 0]} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </section>
  );
}
