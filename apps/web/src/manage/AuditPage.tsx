import { useInfiniteQuery } from '@tanstack/react-query';
import { trpc } from '../trpc.ts';
import { apiProblem } from '../ui/api-errors.ts';
import { FormMessage } from '../ui/FormMessage.tsx';
import { formatDateTime } from '../ui/format.ts';

/** Who changed what: program edits, publishes, adjustments, merges, keys, webhooks. */
export function AuditPage() {
  const audit = useInfiniteQuery(trpc.manager.audit.list.infiniteQueryOptions({ limit: 50 }, { getNextPageParam: (p) => p.nextCursor }));
  const items = audit.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>Audit log</h1>
          <p>Every change made in the console or by a key, newest first.</p>
        </div>
      </div>
      <FormMessage message={apiProblem(audit.error).message} />
      <section className="card table-wrap" aria-label="Audit entries">
        <table>
          <thead>
            <tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">Action</th><th scope="col">Target</th><th scope="col">Details</th></tr>
          </thead>
          <tbody>
            {items.map((e) => (
              <tr key={e.id}>
                <td>{formatDateTime(e.at)}</td>
                <td>{e.actor}</td>
                <td><span className="badge">{e.action}</span></td>
                <td className="small"><code>{e.target}</code></td>
                <td className="small">
                  {e.after !== null && e.after !== undefined ? (
                    <details>
                      <summary>Show change</summary>
                      <pre className="json">{JSON.stringify(e.after, null, 2)}</pre>
                    </details>
                  ) : '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {audit.isSuccess && items.length === 0 && <p className="empty">Nothing has changed yet.</p>}
        {audit.hasNextPage && (
          <button type="button" className="btn btn-ghost btn-block" onClick={() => void audit.fetchNextPage()} disabled={audit.isFetchingNextPage}>
            {audit.isFetchingNextPage ? 'Loading…' : 'Load older entries'}
          </button>
        )}
      </section>
    </div>
  );
}
