/** A labelled progress bar; `value` and `max` in points. */
export function ProgressBar({ value, max, label, tone = 'green' }: { value: number; max: number; label: string; tone?: 'green' | 'gold' }) {
  const percent = max <= 0 ? 100 : Math.max(0, Math.min(100, (value / max) * 100));
  return (
    <div className={`progress${tone === 'gold' ? ' progress-gold' : ''}`} role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={max} aria-valuenow={Math.min(value, max)}>
      <span style={{ width: `${percent}%` }} />
    </div>
  );
}
