import { useEffect, useRef } from 'react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { trpc } from '../trpc.ts';
import { apiProblem } from '../ui/api-errors.ts';
import { FormMessage } from '../ui/FormMessage.tsx';
import { HistoryItem } from './HistoryItem.tsx';

const PAGE = 20;

/** Every change to the balance, newest first; more loads as the list scrolls into view. */
export function HistoryPage() {
  const history = useInfiniteQuery(
    trpc.shopper.history.infiniteQueryOptions({ limit: PAGE }, { getNextPageParam: (page) => page.nextCursor }),
  );
  const sentinel = useRef<HTMLDivElement>(null);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = history;
  useEffect(() => {
    const el = sentinel.current;
    if (!el || !hasNextPage) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting) && !isFetchingNextPage) void fetchNextPage();
    }, { rootMargin: '400px' });
    observer.observe(el);
    return () => observer.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  const items = history.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <div className="stack">
      <h1>History</h1>
      <section className="card" aria-label="Your history">
        {history.isPending && <div className="skeleton" style={{ height: 240 }} />}
        {history.isError && <FormMessage message={apiProblem(history.error).message} />}
        {history.isSuccess && items.length === 0 && <p className="empty">No activity yet. Earn Stars on your next visit.</p>}
        <ul style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-busy={history.isFetching}>
          {items.map((item) => (
            <HistoryItem key={item.id} item={item} />
          ))}
        </ul>
        <div ref={sentinel} />
        {hasNextPage && (
          // The button keeps the list usable with a keyboard and where scrolling never reaches the sentinel.
          <button className="btn btn-ghost btn-block" onClick={() => void fetchNextPage()} disabled={isFetchingNextPage}>
            {isFetchingNextPage ? 'Loading…' : 'Load more'}
          </button>
        )}
      </section>
    </div>
  );
}
