import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { replicaRouting, type Db } from '@omniloyal/ledger';
import { checkoutGroupCounts } from './services/checkout-record.ts';
import { memberCacheCounts } from './services/member-cache.ts';

/** Prometheus metrics for /metrics: process defaults plus request counts and latency per procedure. */
export function createMetrics(db: Db) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'omniloyal_' });
  const requests = new Counter({
    name: 'omniloyal_trpc_requests_total',
    help: 'tRPC procedure calls by procedure and result code',
    labelNames: ['procedure', 'code'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'omniloyal_http_request_duration_seconds',
    help: 'HTTP request duration by route',
    labelNames: ['route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  // Where this process's routed queries went (only moves when DATABASE_REPLICA_URLS is set): a replica
  // that stops counting while traffic flows is one the reads no longer reach.
  countsGauge(registry, 'omniloyal_db_routed_queries', 'Queries (or transactions) sent through the replica routing, by target, since the process started',
    'target', () => ({ primary: replicaRouting.primary, replica: replicaRouting.replica }));
  // The sales' grouped writes (checkout-record.ts), one call at a time: sales per call is the grouping at
  // work, and busy seconds near the elapsed seconds mean checkouts are waiting on their writes' calls.
  countsGauge(registry, 'omniloyal_checkout_writes', 'Grouped sale writes since the process started: calls made, sales they posted, and seconds with a call in flight',
    'measure', () => {
      const counts = checkoutGroupCounts(db);
      return { calls: counts.calls, sales: counts.requests, busy_seconds: counts.busyMs / 1000 };
    });
  // Sales evaluated with a member kept in memory (member-cache.ts), and those the write found stale: a
  // stale share that stays high means members change faster than they are sold to, and the cache costs.
  countsGauge(registry, 'omniloyal_kept_member_sales', 'Sales since the process started that were evaluated with a member kept in memory, and of those, the ones evaluated again because the member had changed',
    'outcome', () => {
      const counts = memberCacheCounts(db);
      return { kept: counts.hits, stale: counts.stale };
    });
  return { registry, requests, duration };
}
export type Metrics = ReturnType<typeof createMetrics>;

/** A gauge of counts kept elsewhere in the process, one series per key of what `read` answers, read at each scrape. */
function countsGauge(registry: Registry, name: string, help: string, label: string, read: () => Record<string, number>): void {
  new Gauge({
    name,
    help,
    labelNames: [label],
    registers: [registry],
    collect() {
      for (const [value, count] of Object.entries(read())) this.set({ [label]: value }, count);
    },
  });
}
