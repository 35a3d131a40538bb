export type RangeId = '30d' | '90d' | '12m';

export const RANGES: { id: RangeId; label: string; days: number; bucket: 'day' | 'week' | 'month' }[] = [
  { id: '30d', label: 'Last 30 days', days: 30, bucket: 'day' },
  { id: '90d', label: 'Last 90 days', days: 90, bucket: 'week' },
  { id: '12m', label: 'Last 12 months', days: 365, bucket: 'month' },
];

/** The range ends at the next midnight UTC so a day's queries share a cache key. */
export function rangeFor(id: RangeId) {
  const range = RANGES.find((r) => r.id === id)!;
  const to = new Date();
  to.setUTCHours(24, 0, 0, 0);
  const from = new Date(to.getTime() - range.days * 86_400_000);
  return { from: from.toISOString(), to: to.toISOString(), bucket: range.bucket };
}

export function bucketLabel(iso: string, bucket: 'day' | 'week' | 'month'): string {
  const d = new Date(iso);
  return bucket === 'month' ? d.toLocaleDateString('en-US', { month: 'short', year: '2-digit' }) : d.toLocaleDateString('en-US', { month: 'short', day: 'numeric' });
}

export const CHART_COLORS = { green: '#00754a', dark: '#1e3932', gold: '#cba258', grey: '#9a9a9a', red: '#c62828', light: '#7fc4a4' };
