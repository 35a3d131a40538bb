import type { Db } from '@omniloyal/ledger';
import type { Credential } from '../auth/credential.ts';

/** Every manager write leaves who, what, before and after. Written in the same transaction as the change. */
export async function writeAudit(
  db: Db,
  credential: Extract<Credential, { kind: 'manager' }>,
  entry: { action: string; target?: string; before?: unknown; after?: unknown },
): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      program_id: credential.programId,
      actor_kind: 'manager',
      actor_id: credential.managerId,
      actor_email: credential.email,
      action: entry.action,
      target: entry.target ?? null,
      before: entry.before === undefined ? null : JSON.stringify(entry.before),
      after: entry.after === undefined ? null : JSON.stringify(entry.after),
    })
    .execute();
}
