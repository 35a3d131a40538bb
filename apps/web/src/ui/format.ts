const numbers = new Intl.NumberFormat('en-US');

export function formatNumber(n: number): string {
  return numbers.format(n);
}

/** "1 Star", "25 Stars": the program names its points. */
export function formatPoints(n: number, pointName: { one: string; other: string } = { one: 'point', other: 'points' }): string {
  return `${numbers.format(n)} ${Math.abs(n) === 1 ? pointName.one : pointName.other}`;
}

export function formatSignedPoints(n: number): string {
  return `${n > 0 ? '+' : n < 0 ? '−' : ''}${numbers.format(Math.abs(n))}`;
}

/**
 * The change beside a ledger entry. A reservation and its release leave the balance as a whole alone but
 * move points out of and back into what can be spent; "0" beside them read as nothing happening.
 */
export function formatPointsChange(change: { points: number; held: number }): string {
  if (change.points !== 0) return formatSignedPoints(change.points);
  if (change.held > 0) return `${numbers.format(change.held)} set aside`;
  if (change.held < 0) return `${numbers.format(-change.held)} back to spend`;
  return '0';
}

export function formatDate(iso: string): string {
  return new Date(iso).toLocaleDateString('en-US', { month: 'short', day: 'numeric', year: 'numeric' });
}

export function formatDateTime(iso: string): string {
  return new Date(iso).toLocaleString('en-US', { month: 'short', day: 'numeric', year: 'numeric', hour: 'numeric', minute: '2-digit' });
}

/** Minor units to a currency string: 1234 USD → "$12.34". */
export function formatMoney(minor: number, currency = 'USD'): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(minor / 100);
}

const CHANNEL_NAMES: Record<string, string> = { pos: 'In store', web: 'Online', app: 'App', partner: 'Partner' };
export function channelName(channel: string | null | undefined): string {
  return channel ? (CHANNEL_NAMES[channel] ?? channel) : '—';
}
