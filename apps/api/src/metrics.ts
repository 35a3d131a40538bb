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
  new Gauge({
    name: 'omniloyal_db_routed_queries',
    help: 'Queries (or transactions) sent through the replica routing, by target, since the process started',
    labelNames: ['target'] as const,
    registers: [registry],
    collect() {
      this.set({ target: 'primary' }, replicaRouting.primary);
      this.set({ target: 'replica' }, replicaRouting.replica);
    },
  });
  // The sales' grouped writes (checkout-record.ts), one call at a time: sales per call is the grouping at
  // work, and busy seconds near the elapsed seconds mean checkouts are waiting on their writes' calls.
  new Gauge({
    name: 'omniloyal_checkout_writes',
    help: 'Grouped sale writes since the process started: calls made, sales they posted, and seconds with a call in flight',
    labelNames: ['measure'] as const,
    registers: [registry],
    collect() {
      const counts = checkoutGroupCounts(db);
      this.set({ measure: 'calls' }, counts.calls);
      this.set({ measure: 'sales' }, counts.requests);
      this.set({ measure: 'busy_seconds' }, counts.busyMs / 1000);
    },
  });
  // Sales evaluated with a member kept in memory (member-cache.ts), and those the write found stale: a
  // stale share that stays high means members change faster than they are sold to, and the cache costs.
  new Gauge({
    name: 'omniloyal_kept_member_sales',
    help: 'Sales since the process started that were evaluated with a member kept in memory, and of those, the ones evaluated again because the member had changed',
    labelNames: ['outcome'] as const,
    registers: [registry],
    collect() {
      const counts = memberCacheCounts(db);
      this.set({ outcome: 'kept' }, counts.hits);
      this.set({ outcome: 'stale' }, counts.stale);
    },
  });
  return { registry, requests, duration };
}
export type Metrics = ReturnType<typeof createMetrics>;
