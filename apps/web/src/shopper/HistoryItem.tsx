import { channelName, formatDateTime, formatPointsChange, formatSignedPoints } from '../ui/format.ts';

export interface HistoryEntry {
  id: string;
  at: string;
  kind: string;
  points: number;
  /** Points a reservation set aside (positive) or gave back or used (negative); the balance as a whole is `points`. */
  held: number;
  channel: string | null;
  store?: { id: string; name: string } | undefined;
  reason: string;
  orderId?: string | null;
  rules: { ruleId: string; name: string; points: number }[];
}

/** One ledger change as the shopper reads it: why, where, and which rules gave what. */
export function HistoryItem({ item }: { item: HistoryEntry }) {
  const plus = item.points > 0;
  return (
    <li className="history-item" data-testid="history-item">
      <span className={`history-icon${plus ? '' : ' minus'}`} aria-hidden="true">{plus ? '★' : '↺'}</span>
      <div>
        <strong>{item.reason}</strong>
        <div className="small muted">
          {formatDateTime(item.at)} · {channelName(item.channel)}
          {item.store ? ` · ${item.store.name}` : ''}
        </div>
        {item.rules.length > 0 && (
          <ul className="history-rules" aria-label="How these points were earned">
            {item.rules.map((rule) => (
              <li key={rule.ruleId}>
                {rule.name}: {formatSignedPoints(rule.points)}
              </li>
            ))}
          </ul>
        )}
      </div>
      <span className={`history-points${plus ? ' plus' : ''}`}>{formatPointsChange(item)}</span>
    </li>
  );
}
