import { Link } from 'react-router';
import { formatNumber } from '../ui/format.ts';

interface Props {
  name: string | null;
  balance: { available: number; pending: number; held: number };
  tier: { id: string; name: string };
  pointName: { one: string; other: string };
}

/** The member's card: what they can spend now, what is on its way, what a reservation holds. */
export function BalanceCard({ name, balance, tier, pointName }: Props) {
  return (
    <section className="balance-card" aria-labelledby="balance-heading">
      <div className="row-between">
        <span className="greeting">{name ? `Hi, ${name}` : 'Welcome back'}</span>
        <span className={`tier-chip tier-${tier.id}`}>{tier.name}</span>
      </div>
      <h2 id="balance-heading" className="visually-hidden">Your balance</h2>
      <p className="balance-figure" data-testid="balance-available" aria-label={`${balance.available} ${pointName.other} available`}>
        {formatNumber(balance.available)}
        <small>{balance.available === 1 ? pointName.one : pointName.other}</small>
      </p>
      <span className="greeting">available to spend</span>
      <dl className="balance-split">
        <div>
          <dt>Available</dt>
          <dd>{formatNumber(balance.available)}</dd>
        </div>
        <div>
          <dt>Pending</dt>
          <dd data-testid="balance-pending">{formatNumber(balance.pending)}</dd>
        </div>
        <div>
          <dt>Held</dt>
          <dd data-testid="balance-held">{formatNumber(balance.held)}</dd>
        </div>
      </dl>
      <div className="row" style={{ marginTop: '1rem' }}>
        <Link to="/card" className="btn btn-small" style={{ background: 'white', color: 'var(--green-800)' }}>
          Scan in store
        </Link>
        <Link to="/rewards" className="btn btn-small" style={{ color: 'white', borderColor: 'rgba(255,255,255,.6)' }}>
          Rewards
        </Link>
      </div>
    </section>
  );
}
