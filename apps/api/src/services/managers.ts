import type { Db } from '@omniloyal/ledger';
import { uuidv7 } from 'uuidv7';
import { hashPassword } from '../auth/password.ts';
import type { ManagerRole } from '../auth/credential.ts';

/** A manager login for a program (the CLI's create-manager, the demo seed and tests). */
export async function createManager(
  db: Db,
  input: { programId: string; email: string; password: string; role: ManagerRole; name?: string },
): Promise<{ id: string; email: string; role: ManagerRole }> {
  const id = uuidv7();
  const email = input.email.trim().toLowerCase();
  await db
    .insertInto('managers')
    .values({
      id,
      program_id: input.programId,
      email,
      name: input.name ?? null,
      password_hash: await hashPassword(input.password),
      role: input.role,
    })
    .execute();
  return { id, email, role: input.role };
}
