import { formatDate, formatNumber } from '../ui/format.ts';
import { Icon } from '../ui/Icon.tsx';

/** Points about to expire, soonest first, so nobody loses them by surprise. */
export function ExpiringCard({ expiring, pointName }: { expiring: { points: number; at: string }[]; pointName: { one: string; other: string } }) {
  return (
    <section className="card" aria-labelledby="expiring-heading">
      <div className="card-title">
        <h2 id="expiring-heading">Expiring soon</h2>
        <Icon name="clock" />
      </div>
      {expiring.length === 0 ? (
        <p className="muted small">Nothing expires in the next 90 days.</p>
      ) : (
        <ul className="stack-sm" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {expiring.map((e) => (
            <li key={e.at} className="row-between">
              <span>
                <strong className="tabular">{formatNumber(e.points)}</strong> {e.points === 1 ? pointName.one : pointName.other}
              </span>
              <span className="badge badge-amber">on {formatDate(e.at)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
