import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { startTempPostgres, type TempPostgres } from '../../../bench/faults/temp-postgres.ts';
import { createReplicatedDb, replicaRouting, type ReplicatedDb } from './replicas.ts';
import { createMember, createProgram } from './members.ts';
import { earn } from './post/earn.ts';
import { getBalance, memberHistory } from './reads.ts';
import { verify } from './verify.ts';

/**
 * Reads from a streaming replica (pg_basebackup of a temporary cluster of our own, never the machine's
 * shared one): writes and transactions on the primary, query-builder reads on the replica, and the lag
 * handled by reading one's own writes from the primary.
 */
const postgres = Boolean(process.env.DATABASE_URL);
let primary: TempPostgres | undefined;
let replica: TempPostgres | undefined;
let r: ReplicatedDb | undefined;

beforeAll(async () => {
  if (!postgres) return;
  primary = await startTempPostgres();
  // Migrate first, so the replica starts with the schema.
  const setup = await createReplicatedDb({ databaseUrl: primary.url(), readReplicaUrls: [], poolSize: 2 });
  await setup.destroy();
  replica = await primary.makeReplica();
  r = await createReplicatedDb({ databaseUrl: primary.url(), readReplicaUrls: [replica.url()], migrate: false, poolSize: 4 });
});
afterAll(async () => {
  await r?.destroy();
  await replica?.stop();
  await primary?.stop();
});

const inRecovery = (db: ReplicatedDb['db']) => db.selectNoFrom(sql<boolean>`pg_is_in_recovery()`.as('replica')).executeTakeFirstOrThrow();

describe.runIf(postgres)('reads from a streaming replica', () => {
  it('sends query-builder reads to the replica and everything else to the primary', async () => {
    const { db } = r!;
    expect(await inRecovery(db)).toEqual({ replica: true });
    // In a transaction, even a plain read runs on the primary (one snapshot, and locks mean something).
    expect(await db.transaction().execute((trx) => inRecovery(trx))).toEqual({ replica: false });
    // Raw SQL (how the ledger posts) is the primary's.
    expect((await sql<{ replica: boolean }>`select pg_is_in_recovery() as replica`.execute(db)).rows[0]).toEqual({ replica: false });

    // Writes through the routed db reach the primary (a replica would refuse them: read-only).
    const before = { ...replicaRouting };
    const program = await createProgram(db, { name: 'Replicated', currency: 'USD', timeZone: 'UTC' });
    expect(replicaRouting.primary).toBeGreaterThan(before.primary);
    // But a write-then-read flow must read the primary: createMember reads back the row it just wrote,
    // which the replica may not have yet. Write paths take `primary`; read-only paths take the routed db.
    const member = await createMember(r!.primary, { programId: program.id, identifiers: [{ kind: 'email', value: 'r@example.com' }], enrolledChannel: 'web' });
    for (let i = 0; i < 20; i++) {
      await earn(db, { programId: program.id, key: `replica-earn-${i}`, memberId: member.id, channel: 'web', orderId: `o-${i}`, lots: [{ points: 5 }] });
    }

    // Read your own writes: the primary has all 100 points at once; the replica catches up by itself.
    expect(await getBalance(r!.primary, member.id)).toEqual({ available: 100, pending: 0, held: 0 });
    const deadline = Date.now() + 20_000;
    let seen = await getBalance(db, member.id);
    while (seen.available !== 100 && Date.now() < deadline) {
      await sql`select pg_sleep(0.01)`.execute(r!.replicas[0]!); // a bounded poll on the replica itself
      seen = await getBalance(db, member.id);
    }
    expect(seen).toEqual({ available: 100, pending: 0, held: 0 });
    const readsBefore = replicaRouting.replica;
    expect((await memberHistory(db, { memberId: member.id })).items).toHaveLength(20);
    expect(replicaRouting.replica).toBe(readsBefore + 1);

    // verify() reads one repeatable-read snapshot: always the primary's.
    expect((await verify(db)).ok).toBe(true);
  });

  it('replicaOnly runs raw SQL and transactions on a replica too, and refuses writes', async () => {
    const { replicaOnly } = r!;
    expect((await sql<{ replica: boolean }>`select pg_is_in_recovery() as replica`.execute(replicaOnly)).rows[0]).toEqual({ replica: true });
    expect(await replicaOnly.transaction().execute((trx) => inRecovery(trx))).toEqual({ replica: true });
    await expect(createProgram(replicaOnly, { name: 'Nope', currency: 'USD', timeZone: 'UTC' })).rejects.toThrow(/read-only/);
  });
});
