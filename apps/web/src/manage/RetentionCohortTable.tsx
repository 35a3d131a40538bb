import { formatNumber } from '../ui/format.ts';

interface Cohort {
  cohort: string;
  members: number;
  months: { offset: number; active: number; rate: number }[];
}

/** The classic cohort triangle: rows by month of first order, columns by months since, cells shaded by rate. */
export function RetentionCohortTable({ cohorts }: { cohorts: Cohort[] }) {
  const width = Math.max(1, ...cohorts.map((c) => c.months.length));
  return (
    <section className="card table-wrap" aria-labelledby="retention-heading">
      <h2 id="retention-heading">Retention by monthly cohort</h2>
      {cohorts.length === 0 ? (
        <p className="empty">No first orders in this range yet.</p>
      ) : (
        <table>
          <caption className="visually-hidden">Share of each cohort that ordered again, by months since their first order</caption>
          <thead>
            <tr>
              <th scope="col">Cohort</th>
              <th scope="col" className="num">Members</th>
              {Array.from({ length: width }, (_, i) => (
                <th key={i} scope="col" className="num">M{i}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {cohorts.map((c) => (
              <tr key={c.cohort}>
                <th scope="row">{c.cohort}</th>
                <td className="num">{formatNumber(c.members)}</td>
                {Array.from({ length: width }, (_, i) => {
                  const m = c.months.find((x) => x.offset === i);
                  return (
                    <td key={i} className="num" style={m ? { background: `rgba(0, 117, 74, ${0.08 + m.rate * 0.8})`, color: m.rate > 0.5 ? 'white' : undefined } : undefined} title={m ? `${m.active} of ${c.members}` : undefined}>
                      {m ? `${Math.round(m.rate * 100)}%` : ''}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
