import {
  Kysely, PostgresAdapter, PostgresDriver, PostgresIntrospector, PostgresQueryCompiler,
  type CompiledQuery, type DatabaseConnection, type Driver, type QueryResult, type TransactionSettings,
} from 'kysely';
import type { Database } from './schema/index.ts';
import { createDb, poolOf, type Db } from './db.ts';

export interface ReplicatedDbOptions {
  /** The primary: every write, every transaction and every raw `sql` statement go here. */
  databaseUrl: string;
  /** Streaming replicas; plain SELECTs outside a transaction go to them in turn. */
  readReplicaUrls: string[];
  poolSize?: number;
  /** Run pending migrations on the primary first (default true). */
  migrate?: boolean;
}

export interface ReplicatedDb {
  /** Routes: query-builder SELECTs outside a transaction → a replica; everything else → the primary. */
  db: Db;
  /** The primary itself: read your own writes here (a replica may lag by a few milliseconds). */
  primary: Db;
  /**
   * Every query on a replica (in turn), raw SQL and transactions included: for code that only reads,
   * such as reports whose queries are `sql` templates. A write through it fails (a replica is read-only).
   * Closed with the rest by `destroy()`.
   */
  replicaOnly: Db;
  replicas: Db[];
  destroy(): Promise<void>;
}

/**
 * Reads from streaming replicas, writes to the primary, on the same type parsers as `createDb`.
 * Only query-builder SELECTs (`db.selectFrom(...)`) outside a transaction are sent to a replica;
 * `sql` templates (the ledger's posting functions) and anything in `db.transaction()` stay on the
 * primary, so postings, locks and `verify` (one repeatable-read snapshot) never read a replica.
 * A replica is a little behind: code that must see what it just wrote reads `primary`, or reads inside
 * a transaction.
 */
export async function createReplicatedDb(options: ReplicatedDbOptions): Promise<ReplicatedDb> {
  const primary = await createDb({ databaseUrl: options.databaseUrl, migrate: options.migrate ?? true, ...(options.poolSize ? { poolSize: options.poolSize } : {}) });
  const replicas: Db[] = [];
  for (const url of options.readReplicaUrls) {
    replicas.push(await createDb({ databaseUrl: url, migrate: false, ...(options.poolSize ? { poolSize: options.poolSize } : {}) }));
  }
  const driverOf = (db: Db) => new PostgresDriver({ pool: poolOf(db)! });
  const router = new RoutingDriver(driverOf(primary), replicas.length ? replicas.map(driverOf) : [driverOf(primary)], async () => {
    await Promise.all([primary, ...replicas].map((db) => db.destroy()));
  });
  const db = postgresOver(router);
  const replicaOnly = replicas.length === 0 ? primary : postgresOver(new RoundRobinDriver(replicas.map(driverOf)));
  return { db, primary, replicas, replicaOnly, destroy: () => db.destroy() };
}

/** A Postgres Kysely whose connections come from `driver`. */
function postgresOver(driver: Driver): Db {
  return new Kysely<Database>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => driver,
      createIntrospector: (k) => new PostgresIntrospector(k),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  });
}

/** Where each query went, for tests and metrics. */
export const replicaRouting = { primary: 0, replica: 0 };

class RoutingDriver implements Driver {
  #next = 0;
  constructor(
    readonly primary: Driver,
    readonly replicas: Driver[],
    private readonly close: () => Promise<void>,
  ) {}
  async init() {
    await Promise.all([this.primary, ...this.replicas].map((driver) => driver.init()));
  }
  nextReplica(): Driver {
    return this.replicas[this.#next++ % this.replicas.length]!;
  }
  async acquireConnection(): Promise<DatabaseConnection> {
    return new RoutingConnection(this);
  }
  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings) {
    const routing = connection as RoutingConnection;
    routing.inTransaction = true;
    await this.primary.beginTransaction(await routing.onPrimary(), settings);
  }
  async commitTransaction(connection: DatabaseConnection) {
    const routing = connection as RoutingConnection;
    try {
      await this.primary.commitTransaction(await routing.onPrimary());
    } finally {
      routing.inTransaction = false;
    }
  }
  async rollbackTransaction(connection: DatabaseConnection) {
    const routing = connection as RoutingConnection;
    try {
      await this.primary.rollbackTransaction(await routing.onPrimary());
    } finally {
      routing.inTransaction = false;
    }
  }
  async releaseConnection(connection: DatabaseConnection) {
    const primary = (connection as RoutingConnection).held;
    if (primary) await this.primary.releaseConnection(primary);
  }
  async destroy() {
    await this.close();
  }
}

/** Each connection (a query, or a whole transaction) from the next replica in turn. */
class RoundRobinDriver implements Driver {
  #next = 0;
  readonly #owners = new WeakMap<DatabaseConnection, Driver>();
  constructor(readonly replicas: Driver[]) {}
  async init() {
    await Promise.all(this.replicas.map((driver) => driver.init()));
  }
  async acquireConnection(): Promise<DatabaseConnection> {
    const driver = this.replicas[this.#next++ % this.replicas.length]!;
    const connection = await driver.acquireConnection();
    this.#owners.set(connection, driver);
    replicaRouting.replica += 1;
    return connection;
  }
  private owner(connection: DatabaseConnection): Driver {
    return this.#owners.get(connection)!;
  }
  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings) {
    return this.owner(connection).beginTransaction(connection, settings);
  }
  commitTransaction(connection: DatabaseConnection) {
    return this.owner(connection).commitTransaction(connection);
  }
  rollbackTransaction(connection: DatabaseConnection) {
    return this.owner(connection).rollbackTransaction(connection);
  }
  releaseConnection(connection: DatabaseConnection) {
    return this.owner(connection).releaseConnection(connection);
  }
  /** The pools belong to the replicated db, which closes them. */
  async destroy() {}
}

class RoutingConnection implements DatabaseConnection {
  inTransaction = false;
  held: DatabaseConnection | undefined;
  constructor(private readonly driver: RoutingDriver) {}

  /** The primary connection, taken on first need and kept until release (a session reads its own writes). */
  async onPrimary(): Promise<DatabaseConnection> {
    this.held ??= await this.driver.primary.acquireConnection();
    return this.held;
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (!this.inTransaction && !this.held && query.query.kind === 'SelectQueryNode') {
      const replica = this.driver.nextReplica();
      const connection = await replica.acquireConnection();
      replicaRouting.replica += 1;
      try {
        return await connection.executeQuery<R>(query);
      } finally {
        await replica.releaseConnection(connection);
      }
    }
    replicaRouting.primary += 1;
    return (await this.onPrimary()).executeQuery<R>(query);
  }

  async *streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    yield* (await this.onPrimary()).streamQuery<R>(query, chunkSize);
  }
}
