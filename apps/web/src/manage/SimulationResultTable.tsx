import { formatMoney, formatNumber, formatSignedPoints } from '../ui/format.ts';

interface Comparison {
  a: { totalPoints: number };
  b: { totalPoints: number };
  difference: {
    totalPoints: number;
    liabilityChange: { points: number; amount?: { amount: number; currency: string } | undefined };
    byRule: { ruleId: string; name: string; a: number; b: number; difference: number }[];
  };
}

/** Per-rule points now and with the draft, and what the draft does to liability. */
export function SimulationResultTable({ result, currency }: { result: Comparison; currency: string }) {
  const tone = (n: number) => (n > 0 ? 'diff-up' : n < 0 ? 'diff-down' : 'muted');
  const liability = result.difference.liabilityChange;
  return (
    <div className="stack-sm">
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">Points per rule: published version against the draft</caption>
          <thead>
            <tr>
              <th scope="col">Rule</th>
              <th scope="col" className="num">Now</th>
              <th scope="col" className="num">Draft</th>
              <th scope="col" className="num">Change</th>
            </tr>
          </thead>
          <tbody>
            {result.difference.byRule.map((r) => (
              <tr key={r.ruleId} data-testid={`impact-${r.ruleId}`}>
                <td>{r.name}</td>
                <td className="num">{formatNumber(r.a)}</td>
                <td className="num">{formatNumber(r.b)}</td>
                <td className={`num ${tone(r.difference)}`}>{formatSignedPoints(r.difference)}</td>
              </tr>
            ))}
            <tr>
              <th scope="row">Total</th>
              <td className="num"><strong>{formatNumber(result.a.totalPoints)}</strong></td>
              <td className="num"><strong>{formatNumber(result.b.totalPoints)}</strong></td>
              <td className={`num ${tone(result.difference.totalPoints)}`}>{formatSignedPoints(result.difference.totalPoints)}</td>
            </tr>
          </tbody>
        </table>
      </div>
      <div className="card-flat kpi" data-testid="liability-change">
        <span className="kpi-label">Change in liability</span>
        <span className={`kpi-value ${tone(liability.points)}`}>
          {formatSignedPoints(liability.points)} pts
        </span>
        {liability.amount && (
          <span className="kpi-sub">
            {liability.amount.amount >= 0 ? '+' : '−'}
            {formatMoney(Math.abs(liability.amount.amount), liability.amount.currency || currency)} at the program's point value
          </span>
        )}
      </div>
    </div>
  );
}
