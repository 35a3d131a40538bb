import type { Db } from '@omniloyal/ledger';
import { uuidv7 } from 'uuidv7';
import type { Credential, ManagerRole } from './credential.ts';
import { hashSecret, newSecret } from './secret-token.ts';
import { namedStatementRows } from '../services/named-statement.ts';

export const SESSION_COOKIE = 'omniloyal_session';
const SHOPPER_SESSION_DAYS = 30;
const MANAGER_SESSION_HOURS = 12;

export type SessionSubject =
  | { kind: 'shopper'; programId: string; memberId: string }
  | { kind: 'manager'; programId: string; managerId: string };

/** Starts a session and returns the opaque token for the cookie; only its hash is stored. */
export async function createSession(db: Db, subject: SessionSubject, now = new Date()): Promise<{ token: string; expiresAt: Date }> {
  const token = newSecret('ses');
  const lifetimeMs =
    subject.kind === 'shopper' ? SHOPPER_SESSION_DAYS * 86_400_000 : MANAGER_SESSION_HOURS * 3_600_000;
  const expiresAt = new Date(now.getTime() + lifetimeMs);
  await db
    .insertInto('sessions')
    .values({
      id: uuidv7(),
      token_hash: hashSecret(token),
      kind: subject.kind,
      program_id: subject.programId,
      member_id: subject.kind === 'shopper' ? subject.memberId : null,
      manager_id: subject.kind === 'manager' ? subject.managerId : null,
      expires_at: expiresAt,
    })
    .execute();
  return { token, expiresAt };
}

interface SessionRow {
  id: string;
  kind: string;
  program_id: string;
  member_id: string | null;
  manager_id: string | null;
  expires_at: Date;
  email: string | null;
  role: ManagerRole | null;
}

// Every signed-in request runs this first: a named statement, parsed and planned once per connection.
const SESSION_SQL = `
  select s.id, s.kind, s.program_id, s.member_id, s.manager_id, s.expires_at, m.email, m.role
  from sessions s left join managers m on m.id = s.manager_id
  where s.token_hash = $1`;

/** The credential a session token stands for, or undefined when it is unknown or expired. */
export async function credentialFromSession(db: Db, token: string, now = new Date()): Promise<Credential | undefined> {
  const [row] = await namedStatementRows<SessionRow>(db, 'session_credential', SESSION_SQL, [hashSecret(token)]);
  if (!row || row.expires_at.getTime() <= now.getTime()) return undefined;
  if (row.kind === 'shopper' && row.member_id) {
    return { kind: 'shopper', sessionId: row.id, programId: row.program_id, memberId: row.member_id };
  }
  if (row.kind === 'manager' && row.manager_id && row.email && row.role) {
    return {
      kind: 'manager',
      sessionId: row.id,
      programId: row.program_id,
      managerId: row.manager_id,
      email: row.email,
      role: row.role,
    };
  }
  return undefined;
}

export async function endSession(db: Db, sessionId: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}
