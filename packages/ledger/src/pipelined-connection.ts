import pg from 'pg';

/** What a pg Pool and a PipelinedConnection have in common: a query that answers its rows. */
export interface Queryable {
  query<R extends pg.QueryResultRow>(query: pg.QueryConfig): Promise<pg.QueryResult<R>>;
}

/**
 * One Postgres connection on which calls are pipelined: a call is written to the server while the one
 * before it still runs, so the server starts it the moment the other commits, instead of waiting a round
 * trip for the answer to reach Node and the next call to come back. Postgres still runs the calls one at a
 * time and in order, each in its own implicit transaction (pg sends a Sync after each): a call that fails
 * fails alone, and a call answers only after it committed.
 *
 * Made for the checkout's group commit (two calls in flight, see checkout-record.ts). Two calls in flight
 * on two pooled connections ran side by side and slowed each other down; on one pipelined connection the
 * second waits in the server's socket instead.
 *
 * The connection is opened on first use. When it breaks (a server restart, a terminated backend), the calls
 * on it fail and the next call opens a new one, so the API recovers without a restart.
 */
export class PipelinedConnection implements Queryable {
  private client: Promise<pg.Client> | undefined;
  private ended = false;

  constructor(private readonly config: pg.ClientConfig) {}

  async query<R extends pg.QueryResultRow>(query: pg.QueryConfig): Promise<pg.QueryResult<R>> {
    if (this.ended) throw new Error('the pipelined connection was closed');
    const connecting = (this.client ??= this.connect());
    const client = await connecting;
    try {
      return await client.query<R>(query);
    } catch (error) {
      // An ERROR ends only its call. A FATAL, or a failure without a server's answer (the socket reset), means
      // the connection is gone: the next call opens another rather than fail on this one until pg notices.
      if ((error as { severity?: string }).severity !== 'ERROR') this.forget(connecting);
      throw error;
    }
  }

  /** Closes the connection; later calls are refused. */
  async end(): Promise<void> {
    this.ended = true;
    const client = this.client;
    this.client = undefined;
    if (client) await client.then((c) => c.end(), () => {});
  }

  private connect(): Promise<pg.Client> {
    // `pipeline` is pg's own option (packages/ledger requires a pg that has it), not yet in @types/pg
    const client = new pg.Client({ ...this.config, pipeline: true } as pg.ClientConfig);
    const connecting: Promise<pg.Client> = client.connect().then(() => client, (error: unknown) => {
      this.forget(connecting);
      throw error;
    });
    client.on('error', () => this.forget(connecting));
    client.on('end', () => this.forget(connecting));
    return connecting;
  }

  /** Stops using a connection that broke: the calls on it fail, and the next call opens another. */
  private forget(connecting: Promise<pg.Client>): void {
    if (this.client !== connecting) return;
    this.client = undefined;
    connecting.then((client) => client.end(), () => {}).catch(() => {});
  }
}
