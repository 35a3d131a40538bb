import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { trpc } from '../trpc.ts';
import { HistoryItem } from './HistoryItem.tsx';

export function RecentActivityCard() {
  const history = useQuery(trpc.shopper.history.queryOptions({ limit: 5 }));
  return (
    <section className="card" aria-labelledby="recent-heading">
      <div className="card-title">
        <h2 id="recent-heading">Recent activity</h2>
        <Link to="/history" className="small">See all</Link>
      </div>
      {history.isPending && <div className="skeleton" style={{ height: 120 }} />}
      {history.data && history.data.items.length === 0 && <p className="empty">Your first purchase will show up here.</p>}
      {history.data && (
        <ul style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {history.data.items.map((item) => (
            <HistoryItem key={item.id} item={item} />
          ))}
        </ul>
      )}
    </section>
  );
}
