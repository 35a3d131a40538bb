import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { replicaRouting } from '@omniloyal/ledger';

/** Prometheus metrics for /metrics: process defaults plus request counts and latency per procedure. */
export function createMetrics() {
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
  return { registry, requests, duration };
}
export type Metrics = ReturnType<typeof createMetrics>;
